"""wflint.yaml.scalars: every value character maps back to the source text that produced it.

Scalars are parsed with libyaml (ruamel's C parser), the same parser the core uses, so start/end/
style/value are exactly what the linter sees.
"""

from __future__ import annotations

import io
import itertools
import random
from pathlib import Path

import pytest
from _ruamel_yaml import CParser
from ruamel.yaml import YAML
from ruamel.yaml.resolver import BaseResolver
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from wflint.yaml.scalars import value_offset_map

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


class _Parser(CParser, BaseResolver):
    def __init__(self, text: str) -> None:
        CParser.__init__(self, text)
        BaseResolver.__init__(self)


def scalar_nodes(text: str):
    """Every scalar node of the first document (keys included)."""
    root = _Parser(text).get_single_node()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node.value, str):
            yield node
        else:
            for item in node.value:
                stack.extend(item if isinstance(item, tuple) else (item,))


_ESCAPES = {
    "0": "\0", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t", "n": "\n", "v": "\x0b", "f": "\x0c",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
    "L": "\u2028", "P": "\u2029",
}
_BREAKS = "\r\n\x85\u2028\u2029"


def produced_by(source: str, offset: int, char: str, style: str | None) -> bool:
    """Whether the source text at ``offset`` is what YAML turns into value character ``char``."""
    written = source[offset]
    if written in _BREAKS:  # a folded or kept line break
        return char in (" ", "\n", "\u2028", "\u2029")
    if style == '"' and written == "\\":
        code = source[offset + 1]
        if code in _ESCAPES:
            return _ESCAPES[code] == char
        digits = {"x": 2, "u": 4, "U": 8}[code]
        return chr(int(source[offset + 2 : offset + 2 + digits], 16)) == char
    if style == "'" and source[offset : offset + 2] == "''":
        return char == "'"
    return written == char


def assert_exact_map(text: str) -> int:
    """Check every scalar of ``text``; returns how many value characters were checked."""
    checked = 0
    for node in scalar_nodes(text):
        start, end = node.start_mark.index, node.end_mark.index
        omap = value_offset_map(text, start, end, node.style, node.value)
        assert omap.exact, (text, node.style, node.value)
        previous = -1
        for i, char in enumerate(node.value):
            offset = omap.to_source(i)
            assert start <= offset < end
            assert offset > previous, "offsets must increase with the value index"
            assert produced_by(text, offset, char, node.style), (text, node.value, i, offset)
            previous = offset
            checked += 1
        assert start <= omap.to_source(len(node.value)) <= end
    return checked


# --- hand-written cases with the expected offsets spelled out -------------------------------


def offsets(text: str, value: str) -> list[int]:
    """Offsets for the (only) scalar whose value is ``value``."""
    node = next(n for n in scalar_nodes(text) if n.value == value)
    omap = value_offset_map(text, node.start_mark.index, node.end_mark.index, node.style, node.value)
    return [omap.to_source(i) for i in range(len(value))]


def test_plain_single_line_is_identity_from_start():
    text = "cmd: echo {{ ds }}\n"
    assert offsets(text, "echo {{ ds }}") == list(range(5, 18))


def test_double_quoted_escapes_point_at_the_backslash():
    text = 'k: "a\\u00e9b\\x41\\U0001F600\\\\"\n'
    got = offsets(text, "aébA😀\\")
    assert got == [4, 5, 11, 12, 16, 26]


def test_double_quoted_escaped_line_break_joins_without_space():
    text = 'k: "ab\\\n    cd"\n'
    got = offsets(text, "abcd")
    assert [text[o] for o in got] == ["a", "b", "c", "d"]
    assert got[2] == text.index("cd")


def test_single_quoted_doubled_quote_points_at_first_quote():
    text = "k: 'it''s'\n"
    assert offsets(text, "it's") == [4, 5, 6, 8]


def test_folded_line_break_maps_to_the_break():
    text = "k: 'one\n  two\n\n  three'\n"
    got = offsets(text, "one two\nthree")
    assert got[3] == text.index("\n")  # the folded space
    assert got[7] == text.index("\n\n") + 1  # the kept newline is the empty line's break


def test_plain_multiline_folds():
    text = "k: alpha\n  beta\n"
    got = offsets(text, "alpha beta")
    assert got[5] == 8 and got[6] == text.index("beta")


def test_literal_block_with_indentation_indicator_and_strip():
    text = "k: |2-\n    a\n   b\n\n"
    got = offsets(text, "  a\n b")
    assert got == [9, 10, 11, 12, 15, 16]


def test_folded_block_more_indented_lines_keep_breaks():
    text = "k: >\n  a\n  b\n\n   c\n  d\n"
    assert assert_exact_map(text) > 0
    node = next(n for n in scalar_nodes(text) if n.style == ">")
    assert node.value == "a b\n\n c\nd\n"


def test_crlf_block_keep_maps_each_break_to_its_cr():
    text = "k: |+\r\n  a\r\n\r\nz: 1\r\n"
    got = offsets(text, "a\n\n")
    assert got == [9, 10, 12]
    assert text[10] == "\r" and text[12] == "\r"


def test_tabs_and_emoji_are_single_code_points():
    text = 'k: "😀\té"\nj: 😀 x\n'
    assert offsets(text, "😀\té") == [4, 5, 6]
    assert offsets(text, "😀 x") == [12, 13, 14]


def test_span_covers_whole_escape():
    text = 'k: "x\\u00e9y"\n'
    node = next(n for n in scalar_nodes(text) if n.style == '"')
    omap = value_offset_map(text, node.start_mark.index, node.end_mark.index, node.style, node.value)
    assert omap.to_source_span(1, 2) == (5, 11)
    assert text[slice(*omap.to_source_span(0, 3))] == "x\\u00e9y"


def test_mismatching_value_falls_back_inside_span():
    text = 'k: "abc"\n'
    omap = value_offset_map(text, 3, 8, '"', "something else entirely")
    assert not omap.exact
    assert all(3 <= omap.to_source(i) <= 8 for i in range(30))
    assert 3 <= omap.to_source_span(2, 40)[1] <= 8


def test_garbage_inputs_never_raise():
    for style in (None, "'", '"', "|", ">", "?"):
        omap = value_offset_map("|x", 0, 2, style, "zzz")
        assert 0 <= omap.to_source(1) <= 2
        omap = value_offset_map("", 0, 0, style, "")
        assert omap.to_source(0) == 0


def test_computation_is_lazy():
    omap = value_offset_map("k: v\n", 3, 4, None, "v")
    assert omap._starts is None  # nothing walked until a position is asked for
    assert omap.to_source(0) == 3


# --- generated scalars in every style ------------------------------------------------------

_ALPHABET = ["a", "b", "Z", "0", " ", "  ", "\t", "'", '"', "\\", "#", ":", "-", "é", "😀", "{{", "}}", "\n", "\n\n", "x y"]


def random_strings(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    result = []
    for _ in range(count):
        pieces = [rng.choice(_ALPHABET) for _ in range(rng.randint(1, 14))]
        result.append("".join(pieces))
    return result


_STYLES = {
    "plain": str,
    "single": SingleQuotedScalarString,
    "double": DoubleQuotedScalarString,
    "literal": LiteralScalarString,
    "folded": FoldedScalarString,
}


def dump(data, width: int, crlf: bool) -> str:
    yaml = YAML()
    yaml.width = width  # narrow widths force the emitter to fold plain and quoted scalars
    yaml.allow_unicode = True
    stream = io.StringIO()
    yaml.dump(data, stream)
    text = stream.getvalue()
    return text.replace("\n", "\r\n") if crlf else text


@pytest.mark.parametrize("style", sorted(_STYLES))
@pytest.mark.parametrize("width", [12, 40, 200])
@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_generated_scalars_map_exactly(style, width, crlf):
    checked = 0
    for k, value in enumerate(random_strings(120, seed=hash((style, width)) & 0xFFFF)):
        data = {"task": {"nested": [{"key": _STYLES[style](value)}]}, "top": _STYLES[style](value)}
        text = dump(data, width, crlf)
        try:
            parsed = [n.value for n in scalar_nodes(text)]
        except Exception:
            continue  # the emitter wrote YAML that does not parse (e.g. a tab-led literal block)
        if value not in parsed:
            continue  # the emitter did not round-trip this value; nothing meaningful to map
        checked += assert_exact_map(text)
    assert checked > 500


_HANDWRITTEN_BLOCKS = [
    "k: |\n  a\n   b\n\n  c\n",
    "k: |-\n  a\n\n\n",
    "k: |+\n  a\n\n\n",
    "k: >-\n  a\n  b\n\n  c\n",
    "k: >+\n  a\n\n",
    "k: >\n  a\n    more\n  b\n\n\n  c\n",
    "k: >2\n   lead\n  x\n",
    "- |1\n  two\n x\n",
    "a:\n  b: |3\n       deep\n     x\n",
    "k: |  # comment\n  body\n",
    "k: |\n\n\n  late\n",
    "k: |\n  tab\there\n  \t lead tab\n",
    "k: >\n  é😀\n  x\n",
    "|\n top level\n",
    "k: |-\n  last line no break",
    "k: \"a\\\n\n   b\"\n",
    "k: \"a  \\\n  b\"\n",
    "k: \"  lead\n  \t next  \"\n",
    "k: 'a\n\n\n  b'\n",
    "k: [plain one,\n  plain\n   two, 'q\n  q']\n",
    "k: {a: \"x\\ty\", b: c d}\n",
    "k: \"\\N\\_\\L\\P\\0\\a\\b\\v\\f\\r\\e\\/\\ \\\"\"\n",
    "k: 'a\u2028  b'\n",
    "k: &anchor 'hello'\nj: *anchor\n",
    "k: !!str &a\n  # comment\n  \"x\\ty\"\n",
    "k: !custom |\n  body\n",
]


@pytest.mark.parametrize("text", _HANDWRITTEN_BLOCKS)
def test_handwritten_scalars_map_exactly(text):
    assert assert_exact_map(text) > 0


@pytest.mark.parametrize("indicator", ["|", ">"])
@pytest.mark.parametrize("chomp", ["", "-", "+"])
@pytest.mark.parametrize("explicit", ["", "1", "2", "4"])
@pytest.mark.parametrize("parent", ["k: ", "- ", "a:\n  k: ", "- - k: "])
def test_block_header_combinations(indicator, chomp, explicit, parent):
    base = len(parent.split("\n")[-1]) - 2 if parent.endswith(": ") else len(parent.split("\n")[-1]) - 2
    indent = " " * (max(base, 0) + int(explicit or 2))
    body = f"{indent}line one\n{indent}  more indented\n\n{indent}line two\n\n\n"
    for header in {f"{indicator}{chomp}{explicit}", f"{indicator}{explicit}{chomp}"}:
        text = f"{parent}{header}\n{body}"
        try:
            nodes = list(scalar_nodes(text))
        except Exception:
            continue  # not valid YAML for this indentation: nothing to map
        assert nodes
        assert_exact_map(text)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not available")
def test_every_corpus_scalar_maps_exactly():
    checked = 0
    for path in itertools.chain(CORPUS.rglob("*.yml"), CORPUS.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8-sig")
        try:
            list(scalar_nodes(text))
        except Exception:
            continue  # deliberately invalid YAML or multi-document files
        checked += assert_exact_map(text)
    assert checked > 10_000


def test_generated_checks_are_not_vacuous():
    # Guards the skip in test_generated_scalars_map_exactly: most generated values must survive.
    kept = 0
    for value in random_strings(200, seed=7):
        text = dump({"k": LiteralScalarString(value)}, 40, False)
        try:
            kept += value in [n.value for n in scalar_nodes(text)]
        except Exception:
            pass
    assert kept > 120


# --- hand-built sources: line layouts the emitter never writes --------------------------------

_WORDS = ["a", "bc", "é", "😀", "x#y", "{{ ds }}", "t\tu", "''", '\\"', "\\n", "\\x41", "\\u00e9", "\\\\", "-", ":x"]


def _random_lines(rng, count: int) -> list[str]:
    lines = []
    for _ in range(count):
        if rng.random() < 0.25:
            lines.append(rng.choice(["", " ", "\t", "  \t "]))  # blank lines of every kind
        else:
            lead = rng.choice(["", " ", "  ", "\t", "    "])
            words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 4)))
            tail = rng.choice(["", " ", "\t", "\\"])
            lines.append(lead + words + tail)
    return lines


def _hand_built(style: str, lines: list[str], rng) -> str:
    if style in ("|", ">"):
        header = style + rng.choice(["", "-", "+", "2", "2-", "+2"])
        body = "".join("    " + line + "\n" if line.strip() else line + "\n" for line in lines)
        return f"top:\n  key: {header}\n{body}next: 1\n"
    if style == "plain":
        lines = [line.replace("\\", "").replace("''", "").replace('"', "") for line in lines]
        lines = [line.replace("#", "") for line in lines]  # " #" would start a comment
        first = lines[0].strip() or "start"
        rest = "".join("\n    " + line for line in lines[1:])
        return f"key: {first}{rest}\n"
    quote = style
    text = "\n    ".join(lines)
    if quote == "'":
        text = text.replace("\\", "")
    else:
        text = text.replace("''", "")
    return f"key: {quote}{text}{quote}\n"


@pytest.mark.parametrize("style", ["plain", "'", '"', "|", ">"])
@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_hand_built_layouts_map_exactly(style, crlf):
    rng = random.Random(f"{style}-{crlf}")
    mapped = 0
    for _ in range(400):
        text = _hand_built(style, _random_lines(rng, rng.randint(1, 6)), rng)
        if crlf:
            text = text.replace("\n", "\r\n")
        try:
            list(scalar_nodes(text))
        except Exception:
            continue  # not YAML (e.g. a bad escape or indentation): nothing to map
        assert_exact_map(text)
        mapped += 1
    assert mapped > 100
