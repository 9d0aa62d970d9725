"""Inline suppressions.

    retries: 9   # wflint: ignore[WF503]       this line
    # wflint: ignore[WF201]                     the next line
    # wflint: ignore-file[WF301, WF302]         the whole file

A bare `# wflint: ignore` suppresses every code on its line. A suppression that suppresses
nothing is reported (WF090), so stale ones do not pile up.

Only YAML comments count: a `# wflint: ignore` inside a quoted string or a block scalar is part
of the value (a shell command, a SQL query), so it neither suppresses anything nor gets removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic, Fix, TextEdit

if TYPE_CHECKING:
    from .engine import RuleContext
    from .rules import Rule

_COMMENT = re.compile(r"(?:^|(?<=\s))#\s*wflint:\s*(?P<kind>ignore-file|ignore)\b(?:\[(?P<codes>[^\]]*)\])?")
UNUSED_CODE = "WF090"


@dataclass(slots=True)
class Suppression:
    kind: str  # "ignore" or "ignore-file"
    codes: tuple[str, ...] | None  # None: every code
    start: int  # the comment's span
    end: int
    lines: tuple[int, ...]  # 0-based lines it covers ("ignore" only)
    codes_spans: tuple[tuple[str, int, int], ...] = ()
    used: set = field(default_factory=set)

    def covers(self, diagnostic: Diagnostic, line: int) -> bool:
        if self.kind == "ignore" and line not in self.lines:
            return False
        return self.codes is None or any(diagnostic.code.startswith(code) for code in self.codes)


def find(source, document=None) -> list[Suppression]:
    """The suppression comments of a document (`document`: its parsed YAML, which tells comments
    from scalar text; parsed here when not given)."""
    text = source.text
    if "wflint:" not in text:
        return []
    matches = list(_COMMENT.finditer(text))
    if not matches:
        return []
    if document is None:
        from .yamltree import parse_yaml

        document = parse_yaml(text)
    from .yamltree import in_scalar_text

    in_values = in_scalar_text(document, text, [match.start() for match in matches])
    found: list[Suppression] = []
    for match in matches:
        if match.start() in in_values:
            continue
        start = match.start()
        line = source.line_of(start)
        codes_text = match.group("codes")
        codes = None
        spans: list[tuple[str, int, int]] = []
        if codes_text is not None:
            base = match.start("codes")
            for code_match in re.finditer(r"[A-Za-z]+\d*", codes_text):
                spans.append((code_match.group().upper(), base + code_match.start(), base + code_match.end()))
            codes = tuple(code for code, _, _ in spans)
        line_start = source.line_start(line)
        comment_only = text[line_start:start].strip() == ""
        # A comment alone on its line covers the next line; a trailing one covers its own.
        lines = (line, line + 1) if comment_only else (line,)
        found.append(Suppression(match.group("kind"), codes, start, match.end(), lines, tuple(spans)))
    return found


def apply(ctx: "RuleContext", rules: list["Rule"]) -> list[Diagnostic]:
    diagnostics = ctx.diagnostics
    found = find(ctx.source, ctx.workflow.document)
    if not found:
        return diagnostics
    kept: list[Diagnostic] = []
    for diagnostic in diagnostics:
        line = ctx.source.line_of(diagnostic.start)
        suppressed = False
        for suppression in found:
            if suppression.covers(diagnostic, line):
                suppression.used.add(diagnostic.code)
                suppressed = True
        if not suppressed:
            kept.append(diagnostic)

    unused_rule = next((rule for rule in rules if rule.code == UNUSED_CODE), None)
    if unused_rule is None:
        return kept
    enabled = {rule.code for rule in rules}
    ctx.diagnostics = kept
    ctx._current = unused_rule
    for suppression in found:
        _report_unused(ctx, suppression, enabled)
    ctx._current = None
    return ctx.diagnostics


def _report_unused(ctx: "RuleContext", suppression: Suppression, enabled: set[str]) -> None:
    text = ctx.source.text
    if suppression.codes is None:
        if not suppression.used:
            ctx.report((suppression.start, suppression.end), "unused suppression: nothing to ignore here",
                       fix=_remove_comment(text, suppression))
        return
    unused = [
        (code, start, end) for code, start, end in suppression.codes_spans
        if not any(used.startswith(code) for used in suppression.used)
        and any(rule_code.startswith(code) for rule_code in enabled)
    ]
    if not unused:
        return
    names = ", ".join(code for code, _, _ in unused)
    if len(unused) == len(suppression.codes_spans):
        fix = _remove_comment(text, suppression)
    else:
        keep = [code for code, _, _ in suppression.codes_spans if code not in {c for c, _, _ in unused}]
        first = suppression.codes_spans[0][1]
        last = suppression.codes_spans[-1][2]
        fix = Fix(f"Remove unused code{'s' if len(unused) > 1 else ''} {names}", (TextEdit(first, last, ", ".join(keep)),))
    ctx.report((suppression.start, suppression.end), f"unused suppression: no {names} diagnostic here", fix=fix)


def _remove_comment(text: str, suppression: Suppression) -> Fix:
    start = suppression.start
    line_start = text.rfind("\n", 0, start) + 1
    end = suppression.end
    line_end = len(text)
    for stop in ("\r\n", "\n", "\r"):
        position = text.find(stop, end)
        if position != -1:
            line_end = min(line_end, position)
    if text[line_start:start].strip() == "" and text[end:line_end].strip() == "":
        # The comment is the whole line: remove the line with its break.
        after = line_end
        if text.startswith("\r\n", after):
            after += 2
        elif after < len(text):
            after += 1
        return Fix("Remove unused suppression", (TextEdit(line_start, after, ""),))
    if text[end:line_end].strip() != "":
        # More comment follows (`# wflint: ignore[WF101] legacy cron`): it stays a comment.
        while end < line_end and text[end] in " \t":
            end += 1
        return Fix("Remove unused suppression", (TextEdit(start, end, "# "),))
    while start > line_start and text[start - 1] in " \t":
        start -= 1
    return Fix("Remove unused suppression", (TextEdit(start, line_end, ""),))
