"""The analysis engine: text -> YAML tree -> workflow model -> rules -> diagnostics.

One entry point, `lint_text`, serves the CLI and the language server. A `Project` holds what is
shared between documents (configuration per folder, parsed defaults.yml files, the operator
catalog) so nothing is parsed twice.
"""

from __future__ import annotations

import errno
import gc
import os

from . import suppressions
from .config import Config
from .diagnostics import (
    MAX_DIAGNOSTICS_PER_FILE, RELATED_LIMIT, REPEAT_LIMIT, RULE_REPORT_LIMIT, Diagnostic, Fix, Related,
)
from .results import LintResult
from .model.workflow import WorkflowFile, build_workflow, classify
from .project import DEFAULTS_NAMES, Project  # noqa: F401 (re-exported: the engine's public names)
from .rule import Rule, RuleContext, TooManyReports
from .yaml.source import SourceText, decode, read_file
from .yaml.recovery import RecoveredDocument, keep_diagnostic, recover
from .yaml.tree import parse_yaml


def lint_path(path: str, project: Project) -> LintResult:
    try:
        data = read_file(path)
    except OSError as error:
        reason = error.strerror or str(error)
        if error.errno in (errno.ENOENT, errno.ELOOP) and os.path.islink(path):
            reason = ("a symlink loop" if error.errno == errno.ELOOP else "a broken symlink") + f" ({reason})"
        return _file_error(path, project.config_for(path), project, f"cannot read file: {reason}", "", 0)
    return lint_bytes(path, data, project)


def lint_bytes(path: str, data: bytes, project: Project) -> LintResult:
    """Lint a document's bytes as read from a file or standard input: bytes that are not UTF-8
    are a WF004 diagnostic at the first bad byte."""
    text, problem, offset = decode(data)
    if text is None:
        good = data.decode("utf-8", errors="replace")
        return _file_error(path, project.config_for(path), project, problem, good, offset)
    return lint_text(path, text, project)


def _file_error(path: str, config: Config, project: Project, message: str, text: str, offset: int) -> LintResult:
    from .rules.wf004_unreadable_file import UnreadableFile

    source = SourceText(text)
    result = LintResult(path, source, None)
    if config.rule_enabled(UnreadableFile.code, path):
        diagnostic = Diagnostic(
            UnreadableFile.code, UnreadableFile.name, config.severity_for(UnreadableFile.code, UnreadableFile.severity),
            path, offset, offset, message,
        )
        _fill_positions([diagnostic], source)
        result.diagnostics.append(diagnostic)
    return result


def lint_text(path: str, text: str, project: Project, *, config: Config | None = None) -> LintResult:
    """Lint one document's text (`config` overrides the configuration found for `path`)."""
    # A lint allocates many small objects that all live until it ends: the cyclic garbage
    # collector would walk them again and again for nothing (a third of the time on large
    # files). It runs again afterwards.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _lint_text(path, text, project, config)
    finally:
        if gc_was_enabled:
            gc.enable()


def _lint_text(path: str, text: str, project: Project, config: Config | None) -> LintResult:
    config = config or project.config_for(path)
    source = SourceText(text)
    document = parse_yaml(source.text)
    forced = config.forced_kind(path)
    if not document.syntax_ok:  # lint what parses: the broken lines cut out (yaml/recovery.py)
        recovered = recover(source.text, document, source)
        if recovered is not document and (forced or classify(path, recovered)) != "other":
            document = recovered
    kind = forced or classify(path, document)
    if kind == "other" and not document.syntax_ok:
        # Too broken to classify; DAG Factory's folder loader fails on it all the same.
        kind = "workflow"
    chain = project.defaults_chain(path, config) if kind == "workflow" else []
    workflow = build_workflow(path, source, document, kind, chain)
    result = LintResult(path, source, workflow)
    if kind == "other":
        return result
    if kind == "workflow" and document.syntax_ok:
        result.facts = _facts(workflow)

    ctx = RuleContext(path, source, workflow, config, project)
    recovered = isinstance(document, RecoveredDocument)
    rules = [
        rule for rule in rules_for(project, config, path)
        if kind in rule.file_kinds and (document.syntax_ok or recovered or not rule.needs_valid_yaml)
    ]
    _run_rules(ctx, rules, workflow)
    diagnostics = suppressions.apply(ctx, rules)
    if recovered:
        diagnostics = [d for d in diagnostics if keep_diagnostic(document, d.code, d.start, d.end)]
    diagnostics.sort(key=Diagnostic.sort_key)
    diagnostics = _bound(diagnostics, ctx)
    _fill_positions(diagnostics, source)
    result.diagnostics = diagnostics
    return result


def rules_for(project: Project, config: Config, path: str) -> list[Rule]:
    """The rules `config` enables for `path`, instantiated once per configuration."""
    key = (config, path if config.per_file_ignores else None)
    rules = project.enabled_rules.get(key)
    if rules is None:
        from .rules import all_rules

        rules = [
            rule_class()
            for rule_class in all_rules()
            if config.rule_enabled(rule_class.code, path)
            and (rule_class.profile is None or rule_class.profile == config.profile)
            and not rule_class.project_only()  # run once over the project: lint_project
        ]
        project.enabled_rules[key] = rules
    return rules


def _run_rules(ctx: RuleContext, rules: list[Rule], workflow: WorkflowFile) -> None:
    """Each rule walks the model with the hooks it defines. A rule that raises (a bug in
    wflint) is reported as WF000 at what it was checking and stops for this file; every other
    rule still runs."""
    for rule in rules:
        hooks = type(rule).hooks()
        ctx._current = rule
        target = workflow
        try:
            if "check_file" in hooks:
                rule.check_file(ctx, workflow)
            for dag in workflow.dags:
                target = dag
                if "check_dag" in hooks:
                    rule.check_dag(ctx, dag)
                if "check_group" in hooks:
                    check_group = rule.check_group
                    for target in dag.groups:
                        check_group(ctx, target)
                if "check_task" in hooks:
                    check_task = rule.check_task
                    for target in dag.tasks:
                        check_task(ctx, target)
        except TooManyReports:
            ctx.stopped.append(rule.code)
        except Exception as error:  # a bug in one rule must not cost the user every other diagnostic
            _report_crash(ctx, rule, error, target)
    ctx._current = None


def _report_crash(ctx: RuleContext, rule: Rule, error: Exception, target) -> None:
    from .rules.wf000_internal_error import InternalError

    node = getattr(target, "id_node", None) or getattr(target, "key", None) or getattr(target, "name_node", None)
    start, end = (node.start, node.end) if node is not None else (0, 0)
    ctx.report(
        (start, end),
        f"rule {rule.code} ({rule.name}) crashed here and checked nothing more in this file: "
        f"{type(error).__name__}: {error}. Please report this bug with the file.",
        rule=InternalError,
    )


def _bound(diagnostics: list[Diagnostic], ctx: RuleContext) -> list[Diagnostic]:
    """Keep what one file reports readable whatever the file (docs/output.md): a problem repeated
    more than REPEAT_LIMIT times (same rule, same message) once, with its count and the first
    RELATED_LIMIT other places; at most MAX_DIAGNOSTICS_PER_FILE diagnostics, the last (WF009) saying how many
    more there were. `diagnostics` is sorted; so is the result."""
    groups: dict[tuple[str, str], list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        groups.setdefault((diagnostic.code, diagnostic.message), []).append(diagnostic)
    if len(groups) < len(diagnostics):
        kept = []
        for diagnostic in diagnostics:
            group = groups[(diagnostic.code, diagnostic.message)]
            if len(group) <= REPEAT_LIMIT:
                kept.append(diagnostic)
            elif group[0] is diagnostic:
                more = " or more" if diagnostic.code in ctx.stopped else ""
                diagnostic.message += f" ({len(group):,}{more} times in this file; the first {RELATED_LIMIT} others are listed)"
                diagnostic.related = [*diagnostic.related[:RELATED_LIMIT], *(
                    Related(other.start, other.end, "the same problem here") for other in group[1:RELATED_LIMIT + 1])]
                # One fix for every place, so that `--fix` and the editor still fix them all.
                fixes = [other.fix for other in group if other.fix is not None]
                if len(fixes) > 1:
                    diagnostic.fix = Fix(f"{fixes[0].title} ({len(fixes)} places)",
                                         tuple(edit for fix in fixes for edit in fix.edits), all(fix.safe for fix in fixes))
                kept.append(diagnostic)
        diagnostics = kept
    if len(diagnostics) <= MAX_DIAGNOSTICS_PER_FILE and not ctx.stopped:
        return diagnostics
    shown, hidden = diagnostics[:MAX_DIAGNOSTICS_PER_FILE], diagnostics[MAX_DIAGNOSTICS_PER_FILE:]
    from .rules.wf009_too_many_problems import TooManyProblems

    if not ctx.config.rule_enabled(TooManyProblems.code, ctx.path):
        return shown
    at = hidden[0] if hidden else shown[-1] if shown else None
    start, end = (at.start, at.end) if at is not None else (0, 0)
    parts = []
    if hidden:
        parts.append(f"{len(hidden)} more problems in this file are not shown: wflint reports at most "
                     f"{MAX_DIAGNOSTICS_PER_FILE:,} per file")
    if ctx.stopped:
        rules = ", ".join(ctx.stopped)
        parts.append(f"rule{'s' if len(ctx.stopped) > 1 else ''} {rules} stopped checking this file after "
                     f"{RULE_REPORT_LIMIT:,} problems, so there are more")
    severity = max((d.severity for d in hidden), default=TooManyProblems.severity)
    shown.append(Diagnostic(
        TooManyProblems.code, TooManyProblems.name, severity, ctx.path, start, end,
        "; ".join(parts) + "; fix these (or turn the noisiest rule off) and run wflint again",
    ))
    return shown


def _fill_positions(diagnostics: list[Diagnostic], source: SourceText) -> None:
    for diagnostic in diagnostics:
        diagnostic.line, diagnostic.column = source.line_col(diagnostic.start)
        diagnostic.end_line, diagnostic.end_column = source.line_col(diagnostic.end)
        filled = []
        for related in diagnostic.related:
            if related.line is None:
                line, column = source.line_col(related.start)
                end_line, end_column = source.line_col(related.end)
                related = Related(related.start, related.end, related.message, related.path, line, column, end_line, end_column)
            filled.append(related)
        diagnostic.related = filled


def _facts(workflow: WorkflowFile) -> dict | None:
    from .model.index import file_facts

    try:
        return file_facts(workflow)
    except Exception:  # a bug in the index must not cost the file its diagnostics
        return None


def lint_project(results: list[LintResult], project: Project, *, complete: bool = True):
    """Run the project rules (WF6xx) once over the facts of every file linted together; their
    diagnostics join the results of the files they are about, after those files' inline
    suppressions. `complete` is False when only some files of the project were named (a
    pre-commit run on changed files, standard input): rules that need every file then stay quiet.
    Returns the `ProjectIndex` the rules saw (None when no file has facts)."""
    from .model.index import ProjectIndex
    from .rule import ProjectContext
    from .rules import all_rules

    files = [(result.path, result.facts) for result in results if result.facts]
    if not files:
        return None
    rules = [
        rule_class() for rule_class in all_rules()
        if "check_project" in rule_class.hooks() and (complete or not rule_class.needs_whole_project)
    ]
    index = ProjectIndex.build(files)
    ctx = ProjectContext(project)
    for rule in rules:
        ctx._current = rule
        try:
            rule.check_project(ctx, index)
        except Exception as error:  # a bug in one rule must not cost the user every other diagnostic
            from .rules.wf000_internal_error import InternalError

            site = index.dags[0].site if index.dags else None
            if site is not None:
                ctx._current = InternalError
                ctx.report(site, f"rule {rule.code} ({rule.name}) crashed: {type(error).__name__}: {error}. "
                                 "Please report this bug with the files.")
    ctx._current = None
    _join_project_diagnostics(results, ctx.diagnostics)
    return index


def _join_project_diagnostics(results: list[LintResult], diagnostics: list[Diagnostic]) -> None:
    by_path = {result.path: result for result in results}
    found: dict[str, list] = {}
    for diagnostic in diagnostics:
        result = by_path.get(diagnostic.path)
        if result is None or result.source is None:
            continue
        source = result.source
        if diagnostic.path not in found:
            found[diagnostic.path] = suppressions.find(source)
        line = source.line_of(diagnostic.start)
        if any(suppression.covers(diagnostic, line) for suppression in found[diagnostic.path]):
            continue
        related = []
        for item in diagnostic.related:
            other = by_path.get(item.path) if item.path not in (None, diagnostic.path) else None
            if other is not None and other.source is not None:
                line_, column = other.source.line_col(item.start)
                end_line, end_column = other.source.line_col(item.end)
                item = Related(item.start, item.end, item.message, item.path, line_, column, end_line, end_column)
            elif item.path == diagnostic.path:
                item = Related(item.start, item.end, item.message)
            related.append(item)
        diagnostic.related = related
        _fill_positions([diagnostic], source)
        result.diagnostics.append(diagnostic)
    for result in results:
        result.diagnostics.sort(key=Diagnostic.sort_key)
