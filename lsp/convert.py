"""Every conversion between wflint's code-point offsets and LSP positions lives here.

wflint spans are code-point offsets into the BOM-stripped text; LSP speaks 0-based lines and
UTF-16 columns. `SourceText` does the arithmetic; this module wraps it in lsprotocol types and
turns URIs into paths and back.
"""

from __future__ import annotations

import os

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path

from wflint.yaml.source import SourceText


def position(source: SourceText, offset: int) -> types.Position:
    line, character = source.lsp_position(offset)
    return types.Position(line=line, character=character)


def to_range(source: SourceText, start: int, end: int) -> types.Range:
    return types.Range(start=position(source, start), end=position(source, max(start, end)))


def to_offset(source: SourceText, pos: types.Position) -> int:
    """Offset of an LSP position; positions past a line or the document clamp (never raise)."""
    return source.offset_at_lsp(max(pos.line, 0), max(pos.character, 0))


def range_offsets(source: SourceText, rng: types.Range) -> tuple[int, int]:
    return to_offset(source, rng.start), to_offset(source, rng.end)


def uri_to_path(uri: str) -> str:
    """The file-system path of a `file:` URI; other schemes keep the URI as a stable key."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    return os.path.abspath(path) if path else uri


def path_to_uri(path: str) -> str:
    return from_fs_path(path) or path


def change_offsets(source: SourceText, rng: types.Range) -> tuple[int, int]:
    """Offsets into the client's text (a BOM included) of an LSP range, as the spec reads it:
    line breaks are \n, \r\n and \r only (not U+0085, U+2028, U+2029 or form feed), characters
    are UTF-16 code units, a position past the end of its line means the line's end and a line
    past the end of the document means the document's end. The range is never modified."""
    shift = 1 if source.had_bom else 0

    def offset(pos: types.Position) -> int:
        line, character = max(pos.line, 0), max(pos.character, 0)
        if shift and line == 0:  # the client counts the BOM as the first character of line 0
            if character == 0:
                return 0
            character -= 1
        return source.offset_at_lsp(line, character) + shift

    start, end = offset(rng.start), offset(rng.end)
    return start, max(start, end)


def apply_change(text: str, change, source: SourceText | None = None) -> tuple[str, int, int]:
    """Apply one didChange content change (incremental or whole-document): the new text and the
    replaced span [start, end) of the old text. The one place text changes are applied.
    `source` may pass the line index of `text` when it is at hand."""
    rng = getattr(change, "range", None)
    if rng is None:
        return change.text, 0, len(text)
    start, end = change_offsets(source if source is not None else SourceText(text), rng)
    return text[:start] + change.text + text[end:], start, end
