"""Map indices in a YAML scalar's *value* back to offsets in the source text.

The core knows, for each scalar node, its source span ``[start, end)`` (code-point offsets into the
document text), its style and its parsed value.  A diagnostic about a piece of the value (a Jinja
name inside a ``bash_command``, say) needs the source offset of that piece, which differs from
``start + i`` as soon as the scalar is quoted, escaped, folded or written as a block.

:func:`value_offset_map` re-reads the source the way libyaml's scanner does (same folding, escape,
chomping and indentation rules), producing the value character by character together with where
each character came from.  If the reproduced value differs from the parsed one (an input this
walker does not understand), the map falls back to an approximation that stays inside the span.
The walk happens lazily, on the first lookup.
"""

from __future__ import annotations

import re

__all__ = ["OffsetMap", "replace_scalar", "value_offset_map"]

# libyaml normalises CR LF, CR, LF and NEL to LF, and keeps LS / PS as they are.
_NORMALISED_BREAK = {"\n": "\n", "\r": "\n", "\x85": "\n", "\u2028": "\u2028", "\u2029": "\u2029"}

# Double-quoted escapes with a single-character code (YAML 1.1 / 1.2, as libyaml accepts them).
_SIMPLE_ESCAPES = {
    "0": "\0", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t", "n": "\n", "v": "\x0b",
    "f": "\x0c", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "'": "'", "\\": "\\",
    "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}
_HEX_ESCAPE_DIGITS = {"x": 2, "u": 4, "U": 8}


class _Mismatch(Exception):
    """The walker met something it cannot reproduce; the caller falls back."""


def _break_at(src: str, i: int, limit: int) -> tuple[str, int] | None:
    """(normalised break, source length) if a line break starts at ``i`` (before ``limit``)."""
    if i >= limit:
        return None
    c = src[i]
    if c == "\r":
        return ("\n", 2) if i + 1 < limit and src[i + 1] == "\n" else ("\n", 1)
    norm = _NORMALISED_BREAK.get(c)
    return (norm, 1) if norm is not None else None


class _Out:
    """The value being rebuilt, with source start/end offsets per character."""

    __slots__ = ("chars", "starts", "ends")

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, ch: str, start: int, end: int) -> None:
        self.chars.append(ch)
        self.starts.append(start)
        self.ends.append(end)

    def add_all(self, items: list[tuple[str, int, int]]) -> None:
        for ch, s, e in items:
            self.add(ch, s, e)

    def text(self) -> str:
        return "".join(self.chars)


def _walk_flow(src: str, lo: int, hi: int, kind: str) -> _Out:
    """Plain (kind 'plain'), single- or double-quoted content in ``[lo, hi)``.

    Mirrors libyaml's flow-scalar loop: runs of non-blank characters, then blanks and breaks,
    then either the blanks are kept (same line) or the breaks are folded.
    """
    out = _Out()
    i = lo
    while i < hi:
        leading_blanks = False
        leading_break: tuple[str, int, int] | None = None
        whitespaces: list[tuple[str, int, int]] = []
        trailing: list[tuple[str, int, int]] = []
        # Non-blank characters (and escapes).
        while i < hi:
            c = src[i]
            if c in " \t" or _break_at(src, i, hi):
                break
            if kind == "single" and c == "'":
                if i + 1 < hi and src[i + 1] == "'":
                    out.add("'", i, i + 2)
                    i += 2
                    continue
                raise _Mismatch("lone quote inside single-quoted scalar")
            if kind == "double" and c == "\\":
                brk = _break_at(src, i + 1, hi)
                if brk:
                    # Escaped line break: joins lines without adding anything.
                    i += 1 + brk[1]
                    leading_blanks = True
                    break
                if i + 1 >= hi:
                    raise _Mismatch("dangling backslash")
                code = src[i + 1]
                if code in _SIMPLE_ESCAPES:
                    out.add(_SIMPLE_ESCAPES[code], i, i + 2)
                    i += 2
                    continue
                digits = _HEX_ESCAPE_DIGITS.get(code)
                if digits is None:
                    raise _Mismatch(f"unknown escape \\{code}")
                hex_text = src[i + 2 : i + 2 + digits]
                try:
                    out.add(chr(int(hex_text, 16)), i, i + 2 + digits)
                except ValueError as exc:  # bad hex or out-of-range code point
                    raise _Mismatch(str(exc)) from exc
                i += 2 + digits
                continue
            out.add(c, i, i + 1)
            i += 1
        # Blanks and line breaks.
        while i < hi:
            c = src[i]
            if c in " \t":
                if not leading_blanks:
                    whitespaces.append((c, i, i + 1))
                i += 1
                continue
            brk = _break_at(src, i, hi)
            if not brk:
                break
            item = (brk[0], i, i + brk[1])
            if not leading_blanks:
                whitespaces.clear()  # blanks before a break are dropped
                leading_break = item
                leading_blanks = True
            else:
                trailing.append(item)
            i += brk[1]
        # Join: keep same-line blanks, or fold the breaks.
        if leading_blanks:
            if leading_break is not None and leading_break[0] == "\n":
                if not trailing:
                    out.add(" ", leading_break[1], leading_break[2])
                else:
                    out.add_all(trailing)
            else:
                if leading_break is not None:
                    out.add(*leading_break)
                out.add_all(trailing)
        else:
            out.add_all(whitespaces)
    return out


def _parse_block_header(src: str, start: int) -> tuple[bool, int, int, int]:
    """(folded, chomping -1/0/+1, explicit indentation increment or 0, body start offset)."""
    n = len(src)
    folded = src[start] == ">"
    chomp = 0
    increment = 0
    i = start + 1
    for _ in range(2):
        if i < n and src[i] in "+-" and chomp == 0:
            chomp = 1 if src[i] == "+" else -1
            i += 1
        elif i < n and src[i] in "123456789" and increment == 0:
            increment = int(src[i])
            i += 1
    while i < n and src[i] in " \t":
        i += 1
    if i < n and src[i] == "#":
        while i < n and not _break_at(src, i, n):
            i += 1
    brk = _break_at(src, i, n)
    if brk:
        i += brk[1]
    elif i < n:
        raise _Mismatch("garbage after block scalar header")
    return folded, chomp, increment, i


def _walk_block(src: str, body: int, indent: int, parent: int, folded: bool, chomp: int) -> _Out:
    """Literal / folded block content starting at line start ``body``; mirrors libyaml."""
    n = len(src)
    out = _Out()
    trailing: list[tuple[str, int, int]] = []

    def scan_breaks(i: int, indent: int) -> tuple[int, int, int]:
        """Skip indentation and empty lines; returns (offset, indent, column)."""
        max_indent = 0
        while True:
            line_start = i
            while (indent == 0 or i - line_start < indent) and i < n and src[i] == " ":
                i += 1
            column = i - line_start
            max_indent = max(max_indent, column)
            if (indent == 0 or column < indent) and i < n and src[i] == "\t":
                raise _Mismatch("tab in block scalar indentation")
            brk = _break_at(src, i, n)
            if not brk:
                break
            trailing.append((brk[0], i, i + brk[1]))
            i += brk[1]
        if indent == 0:
            indent = max(max_indent, parent + 1, 1)
        return i, indent, column

    i, indent, column = scan_breaks(body, indent)
    leading_break: tuple[str, int, int] | None = None
    leading_blank = False
    while column == indent and i < n:
        trailing_blank = src[i] in " \t"
        if folded and leading_break is not None and leading_break[0] == "\n" and not leading_blank and not trailing_blank:
            if not trailing:
                out.add(" ", leading_break[1], leading_break[2])
        elif leading_break is not None:
            out.add(*leading_break)
        leading_break = None
        out.add_all(trailing)
        trailing.clear()
        leading_blank = src[i] in " \t"
        while i < n and not _break_at(src, i, n):
            out.add(src[i], i, i + 1)
            i += 1
        brk = _break_at(src, i, n)
        if not brk:
            break
        leading_break = (brk[0], i, i + brk[1])
        i += brk[1]
        i, indent, column = scan_breaks(i, indent)
    if chomp != -1 and leading_break is not None:
        out.add(*leading_break)
    if chomp == 1:
        out.add_all(trailing)
    return out


def _skip_properties(src: str, start: int, end: int) -> int:
    """Offset of the scalar itself: libyaml's start mark is at an anchor or tag if there is one."""
    i = start
    while i < end and src[i] in "&!":
        if src.startswith("!<", i):
            close = src.find(">", i, end)
            i = close + 1 if close >= 0 else end
        else:
            while i < end and src[i] not in " \t\r\n":
                i += 1
        # Separation between properties and content: blanks, line breaks, comments.
        while i < end:
            if src[i] in " \t\r\n":
                i += 1
            elif src[i] == "#":
                while i < end and src[i] not in "\r\n":
                    i += 1
            else:
                break
    return i


def _walk(source: str, start: int, end: int, style: str | None, value: str) -> _Out | None:
    """The exact walk, or None when no reading of the source reproduces ``value``."""
    start = _skip_properties(source, start, end)
    if style in (None, "", "plain"):
        candidates = [lambda: _walk_flow(source, start, end, "plain")]
    elif style == "'":
        candidates = [lambda: _walk_flow(source, start + 1, end - 1, "single")]
    elif style == '"':
        candidates = [lambda: _walk_flow(source, start + 1, end - 1, "double")]
    elif style in ("|", ">"):
        folded, chomp, increment, body = _parse_block_header(source, start)
        # The enclosing block's indentation is not visible from the span: try each plausible
        # one (it is at most the header's column), the top level (-1) first.
        line_start = source.rfind("\n", 0, start) + 1
        header_column = start - line_start
        parents = range(-1, header_column + 1)
        candidates = []
        for parent in parents:
            # libyaml: explicit indentation is relative to the parent's (0 at the top level).
            indent = max(parent, 0) + increment if increment else 0
            candidates.append(
                lambda indent=indent, parent=parent: _walk_block(source, body, indent, parent, folded, chomp)
            )
    else:
        return None
    for make in candidates:
        try:
            out = make()
        except _Mismatch:
            continue
        if out.text() == value:
            return out
    return None


class OffsetMap:
    """Maps an index into a scalar's value to the source offset where that character is written.

    For an escape (``\\n``, ``\\u00e9``, ``''``) that is where the escape starts; for a folded line
    break (a space or newline in the value) it is the line break's position.  Index ``len(value)``
    maps to the end of the last character's source.  Every result lies in ``[start, end]``.
    """

    __slots__ = ("source", "start", "end", "style", "value", "_starts", "_ends", "_exact")

    def __init__(self, source: str, start: int, end: int, style: str | None, value: str) -> None:
        self.source = source
        self.start = start
        self.end = max(end, start)
        self.style = style
        self.value = value
        self._starts: list[int] | None = None
        self._ends: list[int] = []
        self._exact = False

    def _compute(self) -> None:
        try:
            out = _walk(self.source, self.start, self.end, self.style, self.value)
        except Exception:  # never let a position lookup break linting
            out = None
        if out is not None and all(self.start <= s < e <= self.end for s, e in zip(out.starts, out.ends)):
            self._starts, self._ends, self._exact = out.starts, out.ends, True
            return
        self._approximate()

    def _approximate(self) -> None:
        """One source character per value character from the content's start, clamped."""
        first = self._content_start()
        if self.style in ("|", ">"):
            newline = self.source.find("\n", first, self.end)
            first = newline + 1 if newline >= 0 else self.start
        last = max(self.start, self.end - 1)
        self._starts = [min(first + k, last) for k in range(len(self.value))]
        self._ends = [min(s + 1, self.end) for s in self._starts]
        self._exact = False

    @property
    def exact(self) -> bool:
        """True when the map was verified by reproducing the value from the source."""
        if self._starts is None:
            self._compute()
        return self._exact

    def to_source(self, i: int) -> int:
        """Source offset of value character ``i`` (``len(value)`` -> just after the last one)."""
        if self._starts is None:
            self._compute()
        starts = self._starts
        assert starts is not None
        if not starts:
            return self._content_start()
        if i < 0:
            i = 0
        if i >= len(starts):
            return self._ends[-1]
        return starts[i]

    def to_source_span(self, i: int, j: int) -> tuple[int, int]:
        """Source span ``(start, end)`` covering value characters ``i`` to ``j - 1``."""
        if self._starts is None:
            self._compute()
        begin = self.to_source(i)
        if j <= i or not self._ends:
            return begin, begin
        finish = self._ends[min(j, len(self._ends)) - 1]
        return begin, max(begin, finish)

    def _content_start(self) -> int:
        start = _skip_properties(self.source, self.start, self.end)
        if self.style in ("'", '"') and self.end - start >= 2:
            return start + 1
        return start


def value_offset_map(source: str, start: int, end: int, style: str | None, value: str) -> OffsetMap:
    """An :class:`OffsetMap` for the scalar at ``source[start:end]``; computed on first use."""
    return OffsetMap(source, start, end, style, value)


# -- rewriting a scalar -------------------------------------------------------------------

_PLAIN_SAFE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-/]*\Z")


def replace_scalar(source: str, node, text: str):
    """A TextEdit that makes `node` (a scalar, key or value) read `text`, changing nothing else:
    its anchor and tag, its quotes (escaping `text` for them), a block scalar's header,
    indentation and final line break all stay as written."""
    from ..diagnostics import TextEdit

    start = _skip_properties(source, node.start, node.end)
    style = node.style
    if style in ("|", ">"):
        value = node.value.rstrip("\n")
        if value:
            first, last = value_offset_map(source, node.start, node.end, style, node.value).to_source_span(0, len(value))
            if "\n" not in value:
                return TextEdit(first, last, text)
        # An empty or multi-line block: the value as one quoted line, before the final break.
        return TextEdit(start, node.start + len(source[node.start:node.end].rstrip()), _double_quoted(text))
    if style == '"':
        return TextEdit(start, node.end, _double_quoted(text))
    if style == "'":
        return TextEdit(start, node.end, "'" + text.replace("'", "''") + "'")
    return TextEdit(start, node.end, text if _PLAIN_SAFE.match(text) else _double_quoted(text))


def _double_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
