"""Code actions: each diagnostic's fix (quickfix, preferred when safe), "Ignore WFxxx on this
line" (adds or extends a `# wflint: ignore[...]` comment), "Fix all WFxxx problems in this
file" (every fix of that rule, safe or not, when there is more than one) and "fix all safe fixes"
(source.fixAll.wflint)."""

from __future__ import annotations

from lsprotocol import types

from wflint.diagnostics import Diagnostic
from wflint.fixes import safe_edits
from wflint.suppressions import find as find_suppressions
from wflint.yaml.tree import Scalar, walk

from .convert import range_offsets, to_range
from .diagnostics import to_lsp
from .workspace import Document

FIX_ALL_KIND = "source.fixAll.wflint"


def code_actions(document: Document, rng: types.Range, only: list[str] | None,
                 client_diagnostics=()) -> list[types.CodeAction]:
    result = document.result
    if result is None or result.source is None:
        return []
    source = result.source
    start, end = range_offsets(source, rng)
    actions: list[types.CodeAction] = []
    wants_quickfix = _wants(only, types.CodeActionKind.QuickFix)
    if wants_quickfix:
        # The client's diagnostics carry `data` (code and offsets): their fixes are offered even
        # when the requested range does not touch them (e.g. a lightbulb on a related line).
        asked = {(d.data.get("code"), d.data.get("start"), d.data.get("end"))
                 for d in client_diagnostics if isinstance(getattr(d, "data", None), dict)}
        fix_all_rules: dict[str, types.CodeAction | None] = {}
        for diagnostic in result.diagnostics:
            if not _touches(diagnostic, start, end, source) and (diagnostic.code, diagnostic.start, diagnostic.end) not in asked:
                continue
            lsp_diagnostic = to_lsp(diagnostic, source, document.uri, {})
            if diagnostic.fix is not None:
                actions.append(_fix_action(document, diagnostic, lsp_diagnostic))
                if diagnostic.code not in fix_all_rules:
                    fix_all_rules[diagnostic.code] = fix_rule_action(document, diagnostic.code)
            ignore = _ignore_action(document, diagnostic, lsp_diagnostic)
            if ignore is not None:
                actions.append(ignore)
        actions.extend(action for action in fix_all_rules.values() if action is not None)
    if _wants(only, FIX_ALL_KIND):
        fix_all = fix_all_action(document)
        if fix_all is not None:
            actions.append(fix_all)
    return actions


def _wants(only: list[str] | None, kind: str) -> bool:
    if not only:
        return True
    return any(kind == wanted or kind.startswith(wanted + ".") for wanted in only)


def _touches(diagnostic: Diagnostic, start: int, end: int, source) -> bool:
    if diagnostic.start <= end and start <= diagnostic.end:
        return True
    # A cursor on the diagnostic's line (without a selection) also offers its actions.
    return start == end and source.line_of(start) == source.line_of(diagnostic.start)


def _edit(document: Document, edits) -> types.WorkspaceEdit:
    source = document.result.source
    return types.WorkspaceEdit(changes={
        document.uri: [types.TextEdit(range=to_range(source, e.start, e.end), new_text=e.new_text) for e in edits]
    })


def _fix_action(document: Document, diagnostic: Diagnostic, lsp_diagnostic) -> types.CodeAction:
    fix = diagnostic.fix
    return types.CodeAction(
        title=fix.title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[lsp_diagnostic],
        is_preferred=fix.safe,
        edit=_edit(document, fix.edits),
    )


def _ignore_action(document: Document, diagnostic: Diagnostic, lsp_diagnostic) -> types.CodeAction | None:
    source = document.result.source
    line = source.line_of(diagnostic.start)
    if _inside_multiline_scalar(document, line):
        return None  # a comment there would become part of the text
    text = source.line_text(line)
    line_start = source.line_start(line)
    # An `ignore[...]` comment on the line (a real comment, not text in a string) is extended.
    model = document.model
    existing = next((
        s for s in find_suppressions(source, model.document if model is not None else None)
        if s.kind == "ignore" and source.line_of(s.start) == line and source.text[s.end - 1:s.end] == "]"
    ), None)
    if existing is not None:
        if diagnostic.code in (existing.codes or ()):
            return None
        at = existing.end - 1
        edit = types.TextEdit(range=to_range(source, at, at), new_text=(", " if existing.items else "") + diagnostic.code)
    else:
        at = line_start + len(text.rstrip())
        edit = types.TextEdit(range=to_range(source, at, line_start + len(text)), new_text=f"  # wflint: ignore[{diagnostic.code}]")
    return types.CodeAction(
        title=f"Ignore {diagnostic.code} on this line",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[lsp_diagnostic],
        edit=types.WorkspaceEdit(changes={document.uri: [edit]}),
    )


def _inside_multiline_scalar(document: Document, line: int) -> bool:
    workflow = document.model
    if workflow is None or workflow.root is None:
        return False
    source = document.result.source
    for node in walk(workflow.root):
        if type(node) is Scalar and node.end > node.start:
            first, last = source.line_of(node.start), source.line_of(max(node.end - 1, node.start))
            if first <= line < last or (first < line <= last):
                return True
    return False


def fix_all_action(document: Document) -> types.CodeAction | None:
    edits = safe_edits(document.result.diagnostics)
    if not edits:
        return None
    return types.CodeAction(title="wflint: fix all safe fixes", kind=FIX_ALL_KIND, edit=_edit(document, edits))


def rule_edits(diagnostics: list[Diagnostic], code: str) -> tuple[list, int]:
    """(edits, number of fixes) of every fix of rule `code`, safe or not, each fix whole; a fix
    overlapping one already chosen is left out (the next request offers it again)."""
    chosen: list = []
    count = 0
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if diagnostic.code != code or fix is None:
            continue
        if any(e.start < o.end and o.start < e.end or e.start == o.start for e in fix.edits for o in chosen):
            continue
        chosen.extend(fix.edits)
        count += 1
    return chosen, count


def fix_rule_action(document: Document, code: str) -> types.CodeAction | None:
    """"Fix all WFxxx problems in this file": offered when the rule has more than one fix."""
    edits, count = rule_edits(document.result.diagnostics, code)
    if count < 2:
        return None
    return types.CodeAction(
        title=f"Fix all {code} problems in this file ({count})",
        kind=types.CodeActionKind.QuickFix,
        edit=_edit(document, edits),
    )
