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


def apply_change(text: str, change: types.TextDocumentContentChangeEvent) -> str:
    """Apply one didChange content change (incremental or whole-document)."""
    rng = getattr(change, "range", None)
    if rng is None:
        return change.text
    source = SourceText(text)
    # SourceText strips a BOM; put it back so offsets line up with the client's text.
    shift = 1 if source.had_bom else 0
    start, end = range_offsets(source, rng)
    return text[: start + shift] + change.text + text[end + shift :]
