"""How text looks on a terminal: control characters from linted files made visible (so a file
cannot move the cursor, recolour the terminal or make `grep` call the output binary), and the
cells each character takes, as terminals count them (wcwidth): East Asian Wide and Fullwidth
characters (CJK, most emoji) take 2, combining marks and zero-width characters 0, others 1."""

from __future__ import annotations

import re
import unicodedata

# C0 but tab, DEL, C1; and the bidirectional embedding, override and isolate controls and the
# line and paragraph separators, which reorder or break the line a terminal shows ("Trojan
# Source"): what is printed must read as what the file holds.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _stand_in(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # SYMBOL FOR NULL ... SYMBOL FOR UNIT SEPARATOR: ␀ ␛ ␊
    if code == 0x7F:
        return "\u2421"  # SYMBOL FOR DELETE: ␡
    return f"\\x{code:02x}"  # C1 controls have no symbols: \x85


_STAND_INS = {chr(code): _stand_in(chr(code)) for code in (*range(0x20), *range(0x7F, 0xA0)) if code != 0x09}
_STAND_INS.update({chr(code): f"\\u{code:04x}" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029)})


def visible(text: str) -> str:
    """`text` with every control character but tab replaced by a visible stand-in: C0 by its
    Unicode control picture (`\x1b` -> `␛`, NUL -> `␀`, LF -> `␊`), DEL by `␡`, C1 (U+0080-U+009F)
    by `\\x80`-style escapes, bidirectional controls and line separators by `\\u202e`-style ones."""
    if text.isprintable():  # none of those characters is printable
        return text
    return _CONTROL.sub(lambda match: _STAND_INS[match.group()], text)


# JSON escapes C0 controls itself; with ensure_ascii=False it leaves DEL and C1 raw.
_JSON_UNESCAPED_CONTROL = re.compile("[\x7f-\x9f]")


def json_text(document) -> str:
    """`document` as indented JSON with non-ASCII text kept readable but every control
    character escaped (`\\u001b`, `\\u0085`): the same strings once parsed, nothing raw on
    a terminal. (Outside strings JSON is ASCII, so only strings change.)"""
    import json

    text = json.dumps(document, indent=2, ensure_ascii=False)
    return _JSON_UNESCAPED_CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


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
