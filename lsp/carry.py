"""Diagnostics that survive an edit the core could not recover from.

Mostly the core lints what parses (`wflint.yaml.recovery`): a half-typed line costs no other
diagnostic. When even that fails (the broken region cannot be cut out), the new result holds
only the syntax error. Rather than let every other problem of the file vanish until the line
is finished, the editor keeps the previous result's diagnostics of the untouched parts, moved by
the edit: `carry_over` is a pure function of the previous result and the new one.
"""

from __future__ import annotations

from dataclasses import replace

from wflint.diagnostics import Diagnostic, Fix, Related, TextEdit
from wflint.results import LintResult
from wflint.yaml.recovery import RecoveredDocument
from wflint.yaml.source import SourceText

SYNTAX_CODE = "WF001"


def needs_carry(result: LintResult) -> bool:
    """Whether `result` is of text whose YAML neither parsed nor could be recovered."""
    workflow = result.workflow
    if workflow is None:
        return False
    document = workflow.document
    return not document.syntax_ok and not isinstance(document, RecoveredDocument)


def carry_over(previous: LintResult | None, result: LintResult) -> list[Diagnostic]:
    """The diagnostics to show for `result`: its own, plus, when its YAML could not be read at
    all, the previous result's diagnostics (but its syntax errors) that lie outside the edited
    region, moved to their places in the new text. Diagnostics the edit touched are dropped.
    Works across any number of unrecovered edits in a row (each carries the last)."""
    if previous is None or not needs_carry(result) or previous.path != result.path:
        return result.diagnostics
    old, new = previous.source.text, result.source.text
    changed_start, old_end, new_end = changed_region(old, new)
    delta = new_end - old_end
    source = result.source
    carried = []
    for diagnostic in previous.diagnostics:
        if diagnostic.code == SYNTAX_CODE:
            continue
        moved = _move(diagnostic.start, diagnostic.end, changed_start, old_end, delta)
        if moved is None:
            continue
        start, end = moved
        carried.append(_rebuilt(diagnostic, start, end, changed_start, old_end, delta, source))
    own = list(result.diagnostics)
    merged = own + carried
    merged.sort(key=Diagnostic.sort_key)
    return merged


def changed_region(old: str, new: str) -> tuple[int, int, int]:
    """(start, end in `old`, end in `new`) of the one region where the texts differ: the
    longest common prefix and suffix are what the edit left alone."""
    limit = min(len(old), len(new))
    prefix = _common_length(old, new, limit, lambda text, n: text[:n])
    room = limit - prefix
    suffix = _common_length(old, new, room, lambda text, n: text[len(text) - n:] if n else "")
    return prefix, len(old) - suffix, len(new) - suffix


def _common_length(a: str, b: str, limit: int, part) -> int:
    """The largest n <= limit with part(a, n) == part(b, n), by bisection (slices compare in C)."""
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if part(a, middle) == part(b, middle):
            low = middle
        else:
            high = middle - 1
    return low


def _move(start: int, end: int, changed_start: int, old_end: int, delta: int) -> tuple[int, int] | None:
    if end <= changed_start and not (start == end == changed_start and old_end > changed_start):
        return start, end
    if start >= old_end and (start > changed_start or old_end == changed_start):
        return start + delta, end + delta
    return None  # the edit touched it


def _rebuilt(diagnostic: Diagnostic, start: int, end: int, changed_start: int, old_end: int, delta: int, source: SourceText) -> Diagnostic:
    related = []
    for item in diagnostic.related:
        if item.path is not None:
            related.append(item)
            continue
        moved = _move(item.start, item.end, changed_start, old_end, delta)
        if moved is not None:
            line, column = source.line_col(moved[0])
            end_line, end_column = source.line_col(moved[1])
            related.append(Related(moved[0], moved[1], item.message, None, line, column, end_line, end_column))
    fix = diagnostic.fix
    if fix is not None:
        edits = []
        for edit in fix.edits:
            moved = _move(edit.start, edit.end, changed_start, old_end, delta)
            if moved is None:
                edits = None
                break
            edits.append(TextEdit(moved[0], moved[1], edit.new_text))
        fix = Fix(fix.title, tuple(edits), fix.safe) if edits else None
    line, column = source.line_col(start)
    end_line, end_column = source.line_col(end)
    return replace(
        diagnostic, start=start, end=end, related=related, fix=fix,
        line=line, column=column, end_line=end_line, end_column=end_column,
    )
