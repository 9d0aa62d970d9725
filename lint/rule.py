"""What a rule is and what it sees: the `Rule` base class, with its documentation, and the
`RuleContext` a rule reports through.

Both live below the engine that runs rules and the registry that finds them, so a rule module
imports neither.
"""

from __future__ import annotations

import inspect
import re
from typing import TYPE_CHECKING, ClassVar

from .diagnostics import RULE_REPORT_LIMIT, Diagnostic, Fix, Related, Severity

if TYPE_CHECKING:
    from .config import Config
    from .model.index import ProjectIndex, Site
    from .model.workflow import Dag, Task, TaskGroup, WorkflowFile
    from .project import Project
    from .target import Target
    from .yaml.source import SourceText
    from .yaml.tree import Node

DOCS_URL = "https://github.com/wflint/wflint/blob/main/docs/rules.md#{code}"


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    # File kinds a rule looks at: "workflow", "defaults", "other".
    file_kinds: ClassVar[frozenset[str]] = frozenset({"workflow"})
    # A rule tied to a deploy target runs only when that profile is active.
    profile: ClassVar[str | None] = None
    # Whether the rule can run on a document whose YAML did not parse.
    needs_valid_yaml: ClassVar[bool] = True
    # A project rule that can judge only when every file of the project was linted together.
    needs_whole_project: ClassVar[bool] = True

    def check_file(self, ctx: "RuleContext", workflow: "WorkflowFile") -> None:
        pass

    def check_dag(self, ctx: "RuleContext", dag: "Dag") -> None:
        pass

    def check_task(self, ctx: "RuleContext", task: "Task") -> None:
        pass

    def check_group(self, ctx: "RuleContext", group: "TaskGroup") -> None:
        pass

    def check_project(self, ctx: "ProjectContext", index: "ProjectIndex") -> None:
        """Runs once over every file linted together (the DAGs of the whole project)."""

    @classmethod
    def summary(cls) -> str:
        return rule_docs(cls)["summary"]

    @classmethod
    def hooks(cls) -> frozenset[str]:
        return frozenset(
            hook for hook in ("check_file", "check_dag", "check_task", "check_group", "check_project")
            if getattr(cls, hook) is not getattr(Rule, hook)
        )

    @classmethod
    def project_only(cls) -> bool:
        """A rule that looks only at the project index (not run per file)."""
        return cls.hooks() == {"check_project"}


_SECTION = re.compile(r"^##\s+(.*)$", re.M)


def rule_docs(rule: type[Rule]) -> dict[str, str]:
    """The docstring split into summary, what, why, example (markdown)."""
    text = inspect.cleandoc(rule.__doc__ or "")
    parts = _SECTION.split(text)
    docs = {"summary": parts[0].strip().splitlines()[0] if parts[0].strip() else rule.name, "body": text}
    for title, body in zip(parts[1::2], parts[2::2]):
        key = title.strip().lower().rstrip("?")
        key = {"what it does": "what", "why is this bad": "why", "example": "example"}.get(key, key)
        docs[key] = body.strip()
    return docs


def docs_url(code: str) -> str:
    return DOCS_URL.format(code=code.lower())


class TooManyReports(Exception):
    """Raised by :meth:`RuleContext.report` to stop a rule that reported RULE_REPORT_LIMIT times."""


class RuleContext:
    """What a rule sees while checking one document."""

    __slots__ = ("path", "source", "workflow", "config", "project", "diagnostics", "_current", "cache", "_reported_values",
                 "_counts", "stopped")

    def __init__(self, path: str, source: SourceText, workflow: WorkflowFile, config: Config, project: Project):
        self.path = path
        self.source = source
        self.workflow = workflow
        self.config = config
        self.project = project
        self.diagnostics: list[Diagnostic] = []
        self._current: Rule | None = None
        self.cache: dict = {}  # per-document results shared between rules (e.g. schema errors)
        self._reported_values: set = set()
        self._counts: dict[str, int] = {}  # reports per rule code
        self.stopped: list[str] = []  # rules stopped for reporting too much (RULE_REPORT_LIMIT)

    @property
    def target(self) -> Target:
        """The versions this document's workflows run on (wflint.target)."""
        return self.project.target_for(self.config)

    @property
    def catalog(self):
        """The operator catalog as it is at the target (wflint.target.CatalogView)."""
        return self.project.catalog_at(self.config)

    def report(
        self,
        target: Node | tuple[int, int],
        message: str,
        *,
        related: list[Related] | tuple = (),
        fix: Fix | None = None,
        severity: Severity | None = None,
        rule: type[Rule] | Rule | None = None,
    ) -> None:
        rule = rule or self._current
        assert rule is not None, "report() outside a rule"
        if isinstance(target, tuple):
            start, end = target
        else:
            start, end = target.start, target.end
        default = severity or rule.severity
        count = self._counts.get(rule.code, 0) + 1
        self._counts[rule.code] = count
        if count > RULE_REPORT_LIMIT:
            # More than any output shows (MAX_DIAGNOSTICS_PER_FILE): stop the rule rather than
            # let a flooding file cost seconds per rule. The engine notes it in WF009.
            raise TooManyReports(rule.code)
        self.diagnostics.append(
            Diagnostic(
                code=rule.code,
                name=rule.name,
                severity=self.config.severity_for(rule.code, default),
                path=self.path,
                start=start,
                end=end,
                message=message,
                related=list(related),
                fix=fix,
            )
        )

    def report_entry(self, dag, entry, message: str, *, span: tuple[int, int] | None = None, **kwargs) -> None:
        """Report a problem with an effective value where the user can fix it: at the value in
        this file (once, though every DAG inherits a `default:` block value), or, for a value
        inherited from a defaults.yml, at the DAG's key with a related location there.
        `span` narrows the location inside the value (e.g. one cron field)."""
        if entry.layer.path == self.path:
            key = (self._current.code if self._current else None, id(entry.value), message)
            if key in self._reported_values:
                return
            self._reported_values.add(key)
            self.report(span or entry.value, message, **kwargs)
        else:
            related = [*kwargs.pop("related", ()), self.related_at(entry.value, "the inherited value", entry.layer)]
            self.report(dag.key, f"DAG `{dag.name}` inherits `{entry.key.value}` from {entry.layer.describe(entry.value)}: {message}",
                        related=related, **kwargs)

    def value_span(self, scalar, start: int, end: int) -> tuple[int, int]:
        """Source offsets of [start, end) of a scalar's value, exact in every scalar style."""
        if scalar.style is None and scalar.anchor is None and scalar.tag is None and "\n" not in self.source.text[scalar.start:scalar.end]:
            return scalar.start + start, scalar.start + end  # a one-line plain scalar is its own text
        from .yaml.scalars import value_offset_map

        return value_offset_map(self.source.text, scalar.start, scalar.end, scalar.style, scalar.value).to_source_span(start, end)

    def related_at(self, node: Node, message: str, layer=None) -> Related:
        """A related location at `node`, in this file or in the layer's file."""
        if layer is not None and layer.path != self.path:
            line, column = layer.source.line_col(node.start)
            end_line, end_column = layer.source.line_col(node.end)
            return Related(node.start, node.end, message, layer.path, line, column, end_line, end_column)
        return Related(node.start, node.end, message)


class ProjectContext:
    """What a project rule sees: the configuration of each file, and a way to report at a place
    in any file of the project (positions are filled in by the engine from the file's text)."""

    __slots__ = ("project", "diagnostics", "_current")

    def __init__(self, project: Project):
        self.project = project
        self.diagnostics: list[Diagnostic] = []
        self._current: Rule | None = None

    def config_for(self, path: str) -> Config:
        return self.project.config_for(path)

    def report(self, site: Site, message: str, *, related: list[Related] | tuple = (),
               severity: Severity | None = None) -> None:
        rule = self._current
        assert rule is not None, "report() outside a rule"
        config = self.project.config_for(site.path)
        if not config.rule_enabled(rule.code, site.path):
            return
        self.diagnostics.append(Diagnostic(
            code=rule.code, name=rule.name, severity=config.severity_for(rule.code, severity or rule.severity),
            path=site.path, start=site.start, end=site.end, message=message, related=list(related),
        ))

    @staticmethod
    def related_at(site: Site, message: str) -> Related:
        return Related(site.start, site.end, message, site.path)
