"""Human output: `path:line:col: CODE message [name]`, the source line and a caret marker."""

from __future__ import annotations

from ..diagnostics import Severity
from .paths import display_path
from .terminal import text_width, visible

_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def render(results, stream, options) -> None:
    color = options.get("color", False)
    show_source = options.get("show_source", True)
    counts = {Severity.ERROR: 0, Severity.WARNING: 0, Severity.INFO: 0}
    unsafe = options.get("unsafe_fixes", False)
    fixable = hidden = with_problems = 0
    for result in results:
        with_problems += 1 if result.diagnostics else 0
        for diagnostic in result.diagnostics:
            counts[diagnostic.severity] += 1
            applicable = _applicable(diagnostic, unsafe)
            fixable += applicable
            hidden += 1 if diagnostic.fix is not None and not applicable else 0
            stream.write(_headline(diagnostic, color, applicable) + "\n")
            if show_source and result.source is not None:
                stream.write(_snippet(result.source, diagnostic, color))
            for related in diagnostic.related:
                where = visible(display_path(related.path or diagnostic.path))
                stream.write(f"    {_dim('note:', color)} {where}:{related.line}:{related.column}: {visible(related.message)}\n")
    total = sum(counts.values())
    if options.get("quiet"):
        return
    fixed = options.get("fixed")
    if fixed is not None and fixed[1]:
        stream.write(f"Fixed {_count(fixed[0], 'problem')} in {_count(fixed[1], 'file')}.\n")
    skipped = options.get("skipped", 0)  # `files` counts every file read, skipped ones too
    files = options.get("files", 0) - skipped
    if total == 0:
        stream.write(f"All checks passed ({_checked(files, skipped) if skipped else _count(files, 'file')}).\n")
        return
    parts = [_count(n, label) for label, n in
             (("error", counts[Severity.ERROR]), ("warning", counts[Severity.WARNING]), ("info", counts[Severity.INFO])) if n]
    summary = f"Found {_count(total, 'problem')} ({', '.join(parts)}) in {_count(with_problems, 'file')}"
    if with_problems != files or skipped:
        summary += f" ({_checked(files, skipped)})"
    summary += "."
    if fixable:
        summary += f" {fixable} fixable with `wflint check --fix{' --unsafe-fixes' if unsafe else ''}`"
        summary += f" ({hidden} more with `--unsafe-fixes`)." if hidden and not unsafe else "."
    elif hidden and not unsafe:
        summary += f" {hidden} fixable with `wflint check --fix --unsafe-fixes`."
    stream.write(summary + "\n")


def _applicable(diagnostic, unsafe: bool) -> int:
    """1 when `--fix` (with `--unsafe-fixes`: also an unsafe fix) would apply the fix: marked `[*]`."""
    return 1 if diagnostic.fix is not None and (diagnostic.fix.safe or unsafe) else 0


def _checked(files: int, skipped: int) -> str:
    """`3 files checked`, with `, 1 skipped` for files that were not recognised as workflows."""
    text = f"{_count(files, 'file')} checked"
    return f"{text}, {skipped} skipped" if skipped else text


def _count(n: int, noun: str) -> str:
    """`1 file`, `0 files`, `2 files` (every noun counted here takes a plain `s`)."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _headline(diagnostic, color: bool, fixable: int = 0) -> str:
    # Messages quote the file's values and paths are names on disk: either may hold control
    # characters, shown as visible stand-ins rather than sent to the terminal.
    location = f"{visible(display_path(diagnostic.path))}:{diagnostic.line}:{diagnostic.column}:"
    code = diagnostic.code
    if color:
        location = f"{_BOLD}{location}{_RESET}"
        code = f"{_COLORS[diagnostic.severity]}{_BOLD}{code}{_RESET}"
    severity = "" if diagnostic.severity == Severity.ERROR else f" ({diagnostic.severity.label})"
    marker = " [*]" if fixable else ""
    return f"{location} {code}{marker} {visible(diagnostic.message)}{severity} [{diagnostic.name}]"


def _snippet(source, diagnostic, color: bool) -> str:
    line_index = diagnostic.line - 1
    if line_index >= source.line_count:
        return ""
    text = source.line_text(line_index)
    start_col = diagnostic.column - 1
    end_col = diagnostic.end_column - 1 if diagnostic.end_line == diagnostic.line else len(text)
    text, start_col, end_col = _clip(text, start_col, end_col)
    # The line is shown with control characters made visible (`␛`, `␀`, `\x85`), and the caret
    # row counts the terminal cells of what is shown, not code points: a CJK character or an
    # emoji takes two, a combining mark none. Tabs stay tabs in the padding so the caret lines
    # up whatever the terminal's tab width.
    padding = "".join(ch if ch == "\t" else " " * text_width(visible(ch)) for ch in text[:start_col])
    width = max(1, text_width(visible(text[start_col:end_col])))
    gutter = f"{diagnostic.line:>4} | "
    marker = "^" * width
    if color:
        marker = f"{_COLORS[diagnostic.severity]}{marker}{_RESET}"
        gutter = _dim(gutter, True)
    blank = " " * (len(f"{diagnostic.line:>4}") + 1) + "| "
    if color:
        blank = _dim(blank, True)
    return f"{gutter}{visible(text)}\n{blank}{padding}{marker}\n"


# A snippet shows at most this many characters of its line: a window around the column with an
# ellipsis where the line is cut (as rustc and ruff do), so a 120 KB line costs no more than a
# short one however many diagnostics point into it.
SNIPPET_WIDTH = 160
_SNIPPET_BEFORE = 60  # characters kept before the column when the line is cut
_ELLIPSIS = "\u2026"


def _clip(text: str, start_col: int, end_col: int) -> tuple[str, int, int]:
    """(shown text, start column, end column in it) for a line cut to SNIPPET_WIDTH around
    `start_col`; the marker ends at the window's end if the span goes on beyond it."""
    if len(text) <= SNIPPET_WIDTH:
        return text, start_col, end_col
    start_col = max(0, min(start_col, len(text)))
    low = max(0, min(start_col - _SNIPPET_BEFORE, len(text) - SNIPPET_WIDTH))
    high = low + SNIPPET_WIDTH
    prefix = _ELLIPSIS if low > 0 else ""
    suffix = _ELLIPSIS if high < len(text) else ""
    shift = len(prefix) - low
    return prefix + text[low:high] + suffix, start_col + shift, max(start_col, min(end_col, high)) + shift


def _dim(text: str, color: bool) -> str:
    return f"{_DIM}{text}{_RESET}" if color else text
