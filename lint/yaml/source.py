"""Source text with exact positions.

Every span in wflint is a pair of code-point offsets into the document text (with a leading
BOM removed, as libyaml reports offsets after it). This module turns offsets into the two
coordinate systems users see: 1-based line/column in code points for the CLI, and 0-based
line/UTF-16 column for LSP. Line breaks are LF, CRLF and lone CR, as LSP defines them.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from bisect import bisect_right
from dataclasses import dataclass

BOM = "\ufeff"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open range of code-point offsets [start, end)."""

    start: int
    end: int

    def contains(self, offset: int) -> bool:
        return self.start <= offset <= self.end


class SourceText:
    """A document's text plus a line index built once."""

    __slots__ = ("text", "had_bom", "_line_starts", "_ascii")

    def __init__(self, text: str):
        self.had_bom = text.startswith(BOM)
        self.text = text[1:] if self.had_bom else text
        starts = [0]
        if "\r" in self.text:
            starts.extend(m.end() for m in _LINE_BREAK.finditer(self.text))
        else:  # LF only, the common case: str.find is several times faster than the regex
            index = self.text.find("\n")
            while index != -1:
                starts.append(index + 1)
                index = self.text.find("\n", index + 1)
        self._line_starts = starts
        self._ascii = self.text.isascii()

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    def line_of(self, offset: int) -> int:
        """0-based line containing `offset` (offsets past the end land on the last line)."""
        return bisect_right(self._line_starts, offset) - 1

    def line_start(self, line: int) -> int:
        return self._line_starts[line]

    def line_end(self, line: int) -> int:
        """Offset of the end of `line`, excluding its line break."""
        if line + 1 < len(self._line_starts):
            end = self._line_starts[line + 1]
            text = self.text
            if end >= 2 and text[end - 2 : end] == "\r\n":
                return end - 2
            return end - 1
        return len(self.text)

    def line_text(self, line: int) -> str:
        return self.text[self._line_starts[line] : self.line_end(line)]

    def clamp(self, offset: int) -> int:
        return max(0, min(offset, len(self.text)))

    # -- CLI coordinates -------------------------------------------------------------------

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) counting code points."""
        offset = self.clamp(offset)
        line = self.line_of(offset)
        return line + 1, offset - self._line_starts[line] + 1

    # -- LSP coordinates -------------------------------------------------------------------

    def lsp_position(self, offset: int) -> tuple[int, int]:
        """0-based (line, character) with character in UTF-16 code units."""
        offset = self.clamp(offset)
        line = self.line_of(offset)
        start = self._line_starts[line]
        if self._ascii:
            return line, offset - start
        prefix = self.text[start:offset]
        return line, len(prefix) + sum(1 for ch in prefix if ord(ch) > 0xFFFF)

    def offset_at_lsp(self, line: int, character: int) -> int:
        """Offset of an LSP position; positions past a line's end or the document's end clamp."""
        if line < 0:
            return 0
        if line >= len(self._line_starts):
            return len(self.text)
        start = self._line_starts[line]
        end = self.line_end(line)
        if self._ascii:
            return min(start + max(character, 0), end)
        units = 0
        offset = start
        while offset < end and units < character:
            units += 2 if ord(self.text[offset]) > 0xFFFF else 1
            offset += 1
        return offset


def utf16_length(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def decode(data: bytes) -> tuple[str | None, str | None, int]:
    """(text, error message, offset of the first undecodable character)."""
    try:
        return data.decode("utf-8"), None, 0
    except UnicodeDecodeError as error:
        good = data[: error.start].decode("utf-8", errors="replace")
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            reason = "the file is UTF-16; DAG Factory reads workflow files as UTF-8"
        else:
            reason = f"byte 0x{data[error.start]:02x} at byte offset {error.start} is not valid UTF-8; DAG Factory reads workflow files as UTF-8"
        return None, reason, len(good)


_KINDS = (
    (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
)


def not_regular(mode: int) -> str | None:
    """Why a file of this mode is not read ("not a regular file (a FIFO)"), or None
    for a regular file."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "a special file")
    return f"not a regular file ({kind})"


def read_file(path: str) -> bytes:
    """The bytes of a regular file (through symlinks). Anything else (a FIFO, a device, a
    socket) raises OSError before it is opened: reading one would block forever or never end.
    The file is opened without blocking too, in case it was swapped after the check."""
    reason = not_regular(os.stat(path).st_mode)
    if reason is not None:
        raise OSError(errno.EINVAL, reason)
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    try:
        reason = not_regular(os.fstat(descriptor).st_mode)
        if reason is not None:
            raise OSError(errno.EINVAL, reason)
        handle = os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
    with handle:
        return handle.read()
