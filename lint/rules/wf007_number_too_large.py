from __future__ import annotations

from ..diagnostics import Severity
from ..yaml.tree import INT_MAX_STR_DIGITS, NumberTooLarge, Scalar, walk
from . import Rule, register

# The shortest plain scalar that can be a NumberTooLarge (about 3,580 hex digits): shorter
# scalars are not typed at all by this rule.
_SHORTEST = 3000


@register
class HugeInteger(Rule):
    """An integer too large for Python to read or write in decimal.

    ## What it does
    Reports an integer of more than 4,300 decimal digits (or a hex, octal, binary or base-60
    integer of that size), CPython's limit for converting integers to and from text.

    ## Why is this bad?
    DAG Factory loads workflow files with PyYAML, whose integer constructor raises `ValueError:
    Exceeds the limit (4300 digits) for integer string conversion` on such a decimal number: the
    whole file fails to load. Written in hex, octal or binary, PyYAML builds the integer, and
    Airflow fails as soon as it writes it in decimal (DAG Factory raised the same ValueError on
    `retries: 0xfff…`). No setting needs such a number; quote it if it is meant as text.

    ## Example
    ```yaml
    retries: 1000000000000000000000000000000…  # 5,000 digits
    ```
    """

    code = "WF007"
    name = "number-too-large"
    severity = Severity.ERROR
    file_kinds = frozenset({"workflow", "defaults"})

    def check_file(self, ctx, workflow):
        root = workflow.document.root
        if root is None or not _has_long_number(ctx.source.text):
            return  # the common case: no run of digits that long anywhere, so no walk of the tree
        for node in walk(root):
            if type(node) is Scalar and len(node.value) > _SHORTEST and type(node.typed) is NumberTooLarge:
                ctx.report(node, _message(node.value))


def _has_long_number(text: str) -> bool:
    """Whether some line is long enough to hold the shortest integer PyYAML would refuse (a plain
    scalar that long is on one line): a split of the text, far cheaper than walking the tree."""
    return len(text) > _SHORTEST and max(map(len, text.split("\n"))) > _SHORTEST


def _message(value: str) -> str:
    shown = value[:12] + "\u2026"
    text = value.replace("_", "").lstrip("+-")
    if text[:2] in ("0x", "0b") or (text[:1] == "0" and ":" not in text):
        return (f"the integer `{shown}` is beyond {INT_MAX_STR_DIGITS:,} decimal digits: PyYAML "
                "reads it, but Airflow fails with ValueError (\"Exceeds the limit (4300 digits) for integer string "
                "conversion\") when it writes it in decimal; use a sane number, or quote it if it is text")
    return (f"the integer `{shown}` has more than {INT_MAX_STR_DIGITS:,} digits: PyYAML (DAG Factory's loader) fails "
            "with ValueError (\"Exceeds the limit (4300 digits) for integer string conversion\") and the whole file "
            "does not load; use a sane number, or quote it if it is text")
