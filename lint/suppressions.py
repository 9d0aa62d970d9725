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
    from .rule import RuleContext
    from .rules import Rule

_COMMENT = re.compile(
    r"(?:^|(?<=\s))#[ \t]*wflint:[ \t]*(?P<kind>[A-Za-z][\w-]*)?"
    r"(?P<open>\[(?P<codes>[^\]\r\n]*)(?P<close>\])?)?"
)
# Codes written after the keyword without brackets: `# wflint: ignore WF010, WF011`.
_LOOSE_CODES = re.compile(r"[ \t]+(?P<codes>WF\d+(?:[ \t]*,[ \t]*WF\d+)*)\b", re.I)
_CODE = re.compile(r"^WF\d{0,3}$")
KINDS = ("ignore", "ignore-file")
UNUSED_CODE = "WF090"
INVALID_CODE = "WF091"


@dataclass(slots=True)
class Problem:
    """A part of a suppression comment that means nothing: it suppresses nothing."""

    start: int
    end: int
    message: str
    replacement: str | None = None  # what to write instead, when one thing fits


@dataclass(slots=True)
class Suppression:
    kind: str  # "ignore" or "ignore-file" (or the unknown word written, which suppresses nothing)
    codes: tuple[str, ...] | None  # None: every code
    start: int  # the comment's span
    end: int
    lines: tuple[int, ...]  # 0-based lines it covers ("ignore" only)
    codes_spans: tuple[tuple[str, int, int], ...] = ()  # the valid codes, as written
    items: tuple[tuple[int, int], ...] = ()  # every entry of the list, valid or not
    problems: tuple[Problem, ...] = ()
    used: set = field(default_factory=set)

    def covers(self, diagnostic: Diagnostic, line: int) -> bool:
        if self.kind not in KINDS or (self.kind == "ignore" and line not in self.lines):
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
        from .yaml.tree import parse_yaml

        document = parse_yaml(text)
    from .yaml.tree import in_scalar_text

    in_values = in_scalar_text(document, text, [match.start() for match in matches])
    found: list[Suppression] = []
    for match in matches:
        if match.start() in in_values:
            continue
        start = match.start()
        line = source.line_of(start)
        line_start = source.line_start(line)
        comment_only = text[line_start:start].strip() == ""
        # A comment alone on its line covers the next line; a trailing one covers its own.
        lines = (line, line + 1) if comment_only else (line,)
        found.append(_parse(text, match, lines))
    return found


def _parse(text: str, match: re.Match, lines: tuple[int, ...]) -> Suppression:
    kind = match.group("kind") or ""
    start, end = match.start(), match.end()
    if kind.lower() not in KINDS:
        from .suggest import closest

        if kind:
            at = (match.start("kind"), match.end("kind"))
            suggestion = closest(kind, KINDS)
            hint = f" (did you mean `{suggestion[0]}`?)" if suggestion else " (`ignore` or `ignore-file`)"
            problem = Problem(*at, f"unknown suppression `# wflint: {kind}`{hint}; it ignores nothing",
                              suggestion[0] if suggestion else None)
        else:
            problem = Problem(start, end, "`# wflint:` needs `ignore` or `ignore-file`; it ignores nothing")
        return Suppression(kind or "?", (), start, end, lines, problems=(problem,))
    kind = kind.lower()
    if match.group("open") is None:
        loose = _LOOSE_CODES.match(text, end)
        if loose is None:
            return Suppression(kind, None, start, end, lines)
        written = [code.strip() for code in loose.group("codes").split(",")]
        problem = Problem(match.start("kind"), loose.end(), f"codes go in brackets: `{kind}[{', '.join(written)}]`; "
                          "as written the suppression ignores nothing", f"{kind}[{', '.join(code.upper() for code in written)}]")
        return Suppression(kind, (), start, loose.end(), lines, problems=(problem,))
    if match.group("close") is None:
        problem = Problem(match.start("open"), end, "`[` is never closed; the suppression ignores nothing")
        return Suppression(kind, (), start, end, lines, problems=(problem,))
    base = match.start("codes")
    spans: list[tuple[str, int, int]] = []
    items: list[tuple[int, int]] = []
    problems: list[Problem] = []
    offset = 0
    for piece in match.group("codes").split(","):
        stripped = piece.strip()
        if stripped:
            item_start = base + offset + (len(piece) - len(piece.lstrip()))
            item_end = item_start + len(stripped)
            items.append((item_start, item_end))
            problem = _check_code(stripped, item_start, item_end)
            if problem is None:
                spans.append((stripped.upper(), item_start, item_end))
            else:
                problems.append(problem)
        offset += len(piece) + 1
    if not items:
        problems.append(Problem(match.start("open"), match.end("close"), "empty code list; the suppression ignores nothing "
                                f"(name the codes, or write `# wflint: {kind}` for every code)"))
    return Suppression(kind, tuple(code for code, _, _ in spans), start, end, lines, tuple(spans), tuple(items), tuple(problems))


def _check_code(written: str, start: int, end: int) -> Problem | None:
    """None for a rule code or a prefix of one (`WF2`); else what is wrong with it."""
    from .rules import all_rules

    rules = all_rules()
    codes = [rule.code for rule in rules]
    code = written.upper()
    if _CODE.match(code):
        if any(known.startswith(code) for known in codes):
            return None
        what = f"unknown rule code `{written}`" if len(code) == 5 else f"no rule code starts with `{written}`"
        return _with_suggestion(what, written, codes, start, end)
    by_name = {rule.name: rule.code for rule in rules}
    if written.lower() in by_name:
        found = by_name[written.lower()]
        return Problem(start, end, f"`{written}` is a rule name; a suppression names codes: `{found}`; "
                       "it ignores nothing", found)
    parts = written.split()
    if len(parts) > 1 and all(_CODE.match(part.upper()) for part in parts):
        joined = ", ".join(part.upper() for part in parts)
        return Problem(start, end, f"codes are separated by commas: `{joined}`; as written it ignores nothing", joined)
    return _with_suggestion(f"`{written}` is not a rule code", written, codes, start, end)


def _with_suggestion(what: str, written: str, codes: list[str], start: int, end: int) -> Problem:
    from .suggest import rule_code

    suggestion = rule_code(written, codes)
    if suggestion is not None:
        hint = f" (did you mean `{suggestion}`?)"
    elif _CODE.match(written.upper()):
        hint = " (`wflint rules` lists them)"
    else:
        hint = " (codes look like WF010; a prefix like WF2 names a band)"
    return Problem(start, end, f"{what}{hint}; it ignores nothing", suggestion)


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

    ctx.diagnostics = kept
    invalid_rule = next((rule for rule in rules if rule.code == INVALID_CODE), None)
    if invalid_rule is not None:
        ctx._current = invalid_rule
        for suppression in found:
            for problem in suppression.problems:
                fix = None
                if problem.replacement is not None:
                    fix = Fix(f"Replace with `{problem.replacement}`", (TextEdit(problem.start, problem.end, problem.replacement),), safe=False)
                ctx.report((problem.start, problem.end), problem.message, fix=fix)
    unused_rule = next((rule for rule in rules if rule.code == UNUSED_CODE), None)
    if unused_rule is not None:
        enabled = {rule.code for rule in rules}
        ctx._current = unused_rule
        for suppression in found:
            if suppression.kind in KINDS and suppression.codes != ():
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
    if len(unused) == len(suppression.items):
        fix = _remove_comment(text, suppression)
    else:
        # Keep every other entry as written (a code of a disabled rule, or one WF091 reports).
        dropped = {(start, end) for _, start, end in unused}
        keep = [text[start:end] for start, end in suppression.items if (start, end) not in dropped]
        first, last = suppression.items[0][0], suppression.items[-1][1]
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
