"""How text looks on a terminal: the cells each character takes, as terminals count them
(wcwidth): East Asian Wide and Fullwidth characters (CJK, most emoji) take 2, combining marks
and zero-width characters 0, everything else 1."""

from __future__ import annotations

import unicodedata

_ZERO_WIDTH_CATEGORIES = frozenset(("Mn", "Me", "Cf"))


def char_width(ch: str) -> int:
    """Cells one character takes (a tab counts 1: where it ends depends on the terminal)."""
    code = ord(ch)
    if 0x20 <= code < 0x7F:
        return 1
    if code < 0x20 or 0x7F <= code < 0xA0:
        return 1 if ch == "\t" else 0
    if code == 0xAD:  # SOFT HYPHEN: format character that terminals show as a hyphen
        return 1
    if unicodedata.category(ch) in _ZERO_WIDTH_CATEGORIES or unicodedata.combining(ch):
        return 0  # combining marks, variation selectors, ZERO WIDTH SPACE / JOINER, BOM
    if 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF:
        return 0  # Hangul medial vowels and final consonants join the preceding syllable
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2
    return 1


def text_width(text: str) -> int:
    """Cells `text` takes on one line."""
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(char_width(ch) for ch in text)
