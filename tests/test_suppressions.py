"""Finding suppression comments: only real YAML comments count, whatever state the YAML is in."""

from __future__ import annotations

from wflint.yaml.source import SourceText
from wflint.suppressions import find


def lines_of(text: str) -> list[int]:
    source = SourceText(text)
    return [source.line_of(s.start) + 1 for s in find(source)]


def test_comments_count_and_scalar_text_does_not():
    text = (
        "a: x  # wflint: ignore\n"            # 1: a comment
        "b: \"x # wflint: ignore\"\n"         # 2: a double-quoted string
        "c: 'x # wflint: ignore'\n"           # 3: a single-quoted string
        "d: |  # wflint: ignore\n"            # 4: a block scalar's header comment
        "  x # wflint: ignore\n"              # 5: block scalar text
        "  # wflint: ignore\n"                # 6: block scalar text
        "# wflint: ignore\n"                  # 7: a comment line after the block
        "e: [x, # wflint: ignore\n"           # 8: a comment inside a flow sequence
        "  y]\n"
        "f: x#wflint: ignore\n"               # 10: no space before `#`: part of the plain value
    )
    assert lines_of(text) == [1, 4, 7, 8]


def test_crlf_and_a_second_document():
    text = "a: |\r\n  x # wflint: ignore\r\nb: 1  # wflint: ignore\r\n---\r\nc: \"# wflint: ignore\"  # wflint: ignore\r\n"
    assert lines_of(text) == [3, 5]
    [last] = [s for s in find(SourceText(text)) if SourceText(text).line_of(s.start) == 4]
    assert text[last.start:last.end] == "# wflint: ignore" and text[last.start - 2:last.start] == "  "


def test_after_a_scanner_error_nothing_is_known_to_be_a_comment():
    # The string opened on line 2 never closes: the rest of the file is its text.
    text = "a: 1  # wflint: ignore\nb: \"x\n# wflint: ignore\nc: 2  # wflint: ignore\n"
    assert lines_of(text) == [1]


def test_a_structural_error_still_tells_comments_from_strings():
    text = "a: [1, 2\nb: \"# wflint: ignore\"  # wflint: ignore\n"
    assert lines_of(text) == [2]
    source = SourceText(text)
    [only] = find(source)
    assert only.start == text.index("  # wflint") + 2
