"""Lint what parses: a document with a YAML syntax error, read with the broken lines cut out.

While a user types, the YAML is broken most of the time (`sourc` half typed, a quote not yet
closed). libyaml stops at the first error, so without recovery the only diagnostic left is the
syntax error and every other problem of the file disappears until the line is finished.

`recover` blanks the broken region (each character of the cut lines becomes a space, line
breaks stay, so every offset of the rest of the document is exact) and parses again. Which
lines to cut is searched, cheapest first: the line where the broken construct began (the
parser's context mark: the half-typed key, the opening quote or bracket), the line of the
error, the line before it, both and everything between, then the whole entry that encloses
them (the lines indented deeper than the entry's parent). Up to `MAX_CUTS` separate broken
regions are cut. The result is a `RecoveredDocument`: the tree of the text with the cuts, and
the syntax problems placed on the token the user is typing (the half-typed key, not the empty
line after it). It still is not `syntax_ok`: the file does not load in Airflow, WF001 says so.

What the cut removed is unknown, so `keep_diagnostic` drops what would be an artefact of the
cut: anything reported inside a cut line, and an absence (a missing key, argument or id) reported
on the entry that holds a cut line, since the cut line may be the very key being typed.
"""

from __future__ import annotations

from .source import SourceText
from .tree import YamlDocument, YamlProblem, parse_yaml

MAX_CUTS = 4
_FATAL = ("syntax", "depth", "encoding")
# Rules whose diagnostics say that something is missing: on an entry with a cut line they may
# be about the key being typed. (Codes only: this layer does not know the rules.)
ABSENCE_CODES = frozenset({"WF013", "WF020", "WF025", "WF305"})
# Rules about the file's comments and suppressions as a whole: a cut line may hold the
# suppressed diagnostic or the suppression itself.
WHOLE_FILE_CODES = frozenset({"WF090"})


class RecoveredDocument(YamlDocument):
    """The tree of a document read with its broken lines cut out. `problems` holds the syntax
    errors (one per cut, placed on the broken token) and the other problems of the text with the
    cuts; `cuts` the (start, end) offsets of the blanked lines; `owners` the (start, end) offsets
    of the entries that hold them."""

    __slots__ = ("cuts", "owners", "complete_tree")


def recover(text: str, document: YamlDocument, source: SourceText | None = None) -> YamlDocument:
    """`document` itself when it parsed (or nothing can be recovered), else a
    `RecoveredDocument` of `text` with the broken regions cut out."""
    if document.syntax_ok or any(p.kind in ("depth", "encoding") for p in document.problems):
        return document
    source = source or SourceText(text)
    if source.text != text:  # a BOM: offsets are of the text without it
        return document
    lines = _Lines(source)
    current_text, current = text, document
    syntax_problems: list[YamlProblem] = []
    cuts: list[tuple[int, int]] = []  # inclusive 0-based line ranges
    for _ in range(MAX_CUTS):
        problem = next((p for p in current.problems if p.kind in _FATAL), None)
        if problem is None:
            break
        if problem.kind != "syntax":
            return document
        found = _best_cut(current_text, current, problem, lines, cuts)
        if found is None:
            return document
        (first, last), current_text, current = found
        cuts.append((first, last))
        syntax_problems.append(_place(problem, first, last, lines, text))
    else:
        if not current.syntax_ok:
            return document
    recovered = RecoveredDocument(
        current.root,
        sorted(syntax_problems + [p for p in current.problems if p.kind not in _FATAL], key=lambda p: p.start),
        current.aliases,
        current.mappings,
        current.plus_scalars,
    )
    recovered.cuts = [(lines.start(first), lines.end(last)) for first, last in cuts]
    # A key whose block value was all cut (`tasks:` above the only, broken, item) reads as null:
    # what is said about that value is an artefact of the cut too.
    for first, last in cuts:
        colon = lines.opening_colon(first)
        if colon is not None:
            recovered.cuts.append((colon + 1, lines.end(last)))
    recovered.owners = [lines.owner(first, last) for first, last in cuts]
    recovered.complete_tree = True
    return recovered


def keep_diagnostic(document: YamlDocument, code: str, start: int, end: int) -> bool:
    """Whether a diagnostic of a lint on a recovered document is worth showing (always true for
    a document that parsed)."""
    if not isinstance(document, RecoveredDocument) or code == "WF001":
        return True
    if code in WHOLE_FILE_CODES:
        return False
    for cut_start, cut_end in document.cuts:
        if start <= cut_end and cut_start <= end:
            return False
    if code in ABSENCE_CODES:
        for owner_start, owner_end in document.owners:
            if owner_start <= start <= owner_end:
                return False
    return True


# -- finding the cut --------------------------------------------------------------------------


class _Lines:
    """Line geometry of the original text (cut lines keep their places)."""

    def __init__(self, source: SourceText):
        self.source = source
        self.count = source.line_count
        self._texts = [source.line_text(i) for i in range(self.count)]

    def start(self, line: int) -> int:
        return self.source.line_start(line)

    def end(self, line: int) -> int:
        return self.source.line_end(line)

    def text(self, line: int) -> str:
        return self._texts[line]

    def blank(self, line: int) -> bool:
        stripped = self._texts[line].strip()
        return not stripped or stripped.startswith("#")

    def indent(self, line: int) -> int:
        text = self._texts[line]
        return len(text) - len(text.lstrip(" \t"))

    def content_indent(self, line: int) -> int:
        """The column where the line's mapping key starts (after `- ` of a list item)."""
        text = self._texts[line]
        column = self.indent(line)
        while text[column : column + 2] in ("- ", "-\t") or text[column:] == "-":
            column += 1
            while column < len(text) and text[column] in " \t":
                column += 1
        return column

    def previous_content(self, line: int) -> int | None:
        line = min(line, self.count - 1)
        while line >= 0 and self.blank(line):
            line -= 1
        return line if line >= 0 else None

    def opening_colon(self, line: int) -> int | None:
        """The offset of the `:` that ends the content line before `line` (a key whose block
        value starts at `line`), if it does."""
        above = self.previous_content(line - 1) if line > 0 else None
        if above is None:
            return None
        text = self._texts[above]
        content = text.split(" #", 1)[0].rstrip()
        if not content.endswith(":"):
            return None
        return self.start(above) + len(content) - 1

    def entry_end(self, first: int, last: int) -> int:
        """The last line of the block that holds `first`..`last`: following lines indented
        deeper than the lines' parent entry."""
        parent = self.parent(first)
        parent_indent = self.content_indent(parent) if parent is not None else -1
        line = last
        while line + 1 < self.count and (self.blank(line + 1) or self.indent(line + 1) > parent_indent):
            line += 1
        while line > last and self.blank(line):
            line -= 1
        return line

    def parent(self, line: int) -> int | None:
        indent = self.indent(line)
        for above in range(line - 1, -1, -1):
            if not self.blank(above) and self.indent(above) < indent:
                return above
        return None

    def owner(self, first: int, last: int) -> tuple[int, int]:
        """Offsets of the entry that holds the cut lines: from the parent's line to the end of
        the block."""
        parent = self.parent(first)
        begin = parent if parent is not None else first
        return self.start(begin), self.end(self.entry_end(first, last))


def _candidates(problem: YamlProblem, lines: _Lines, text: str) -> list[tuple[int, int]]:
    source = lines.source
    error_line = source.line_of(problem.start)
    if lines.blank(error_line) or problem.start >= len(text):
        previous = lines.previous_content(error_line)
        error_line = previous if previous is not None else error_line
    context_line = source.line_of(problem.context) if problem.context is not None else None
    before = lines.previous_content(error_line - 1) if error_line > 0 else None
    found: list[tuple[int, int]] = []
    if context_line is not None:
        found.append((context_line, context_line))
    found.append((error_line, error_line))
    if before is not None:
        found.append((before, before))
        found.append((before, error_line))
    if context_line is not None and context_line < error_line:
        found.append((context_line, error_line))
    first = min(line for pair in found for line in pair)
    begin = context_line if context_line is not None else error_line
    found.append((begin, lines.entry_end(begin, max(begin, error_line))))
    found.append((first, lines.entry_end(first, error_line)))
    unique = []
    for pair in found:
        if pair not in unique:
            unique.append(pair)
    return unique


def _best_cut(text: str, document: YamlDocument, problem: YamlProblem, lines: _Lines, done: list[tuple[int, int]]):
    """((first, last), text with the cut, its parse): the first candidate whose text parses, or
    failing that the one whose next error lies furthest beyond the cut (a second broken
    region, cut in the next round)."""
    fallback = None
    for first, last in _candidates(problem, lines, text):
        if any(a <= first and last <= b for a, b in done):
            continue  # already blank: cutting it again changes nothing
        cut_text = _blank(text, lines, first, last)
        parsed = parse_yaml(cut_text)
        fatal = next((p for p in parsed.problems if p.kind in _FATAL), None)
        if fatal is None:
            return (first, last), cut_text, parsed
        if fatal.start > lines.end(last) and fatal.start > problem.start:
            if fallback is None or fatal.start > fallback[3]:
                fallback = ((first, last), cut_text, parsed, fatal.start)
    return fallback[:3] if fallback is not None else None


def _blank(text: str, lines: _Lines, first: int, last: int) -> str:
    start, end = lines.start(first), lines.end(last)
    middle = "".join(ch if ch in "\r\n" else " " for ch in text[start:end])
    return text[:start] + middle + text[end:]


def _place(problem: YamlProblem, first: int, last: int, lines: _Lines, text: str) -> YamlProblem:
    """The syntax problem on the token being typed: where the parser pointed if that is a
    character of a cut line, else from where the broken construct began (or the cut's first
    character) to the end of that line's content."""
    region_start, region_end = lines.start(first), lines.end(last)
    start = problem.start
    if region_start <= start < region_end and (not text[start].isspace() or text[start] == "\t"):
        return YamlProblem(problem.kind, problem.message, start, problem.end, problem.related, problem.context)
    context = problem.context
    if context is not None and region_start <= context < region_end and not text[context].isspace():
        line = lines.source.line_of(context)
        start = context
    else:
        line = first
        start = lines.start(line) + lines.indent(line)
    end = lines.start(line) + len(lines.text(line).rstrip())
    return YamlProblem(problem.kind, problem.message, start, max(end, start + 1), problem.related, problem.context)
