"""Reading Sphinx-style docstrings: the summary paragraph and ``:param name:`` entries.

Shared by the catalog builder (which reads real class docstrings) and the static resolver (which
reads docstrings from parsed source). Standard library only.
"""

from __future__ import annotations

import inspect
import re

# ":param name:", ":param str name:", ":param list[str] | None name:" -> the last word is the name.
_PARAM_LINE = re.compile(r"^:param\s+(?:[^:]*?\s)?\*{0,2}(?P<name>\w+)\s*:(?P<text>.*)$")
_FIELD_LINE = re.compile(r"^:\w+")


def _collapse(text: str) -> str:
    return " ".join(text.split())


def summary(doc: str | None) -> str:
    """The first paragraph of a docstring, joined onto one line ('' when there is none)."""
    if not doc:
        return ""
    lines = inspect.cleandoc(doc).splitlines()
    paragraph: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            if paragraph:
                break
            continue
        # A docstring that opens with fields or directives has no prose summary.
        if not paragraph and (_FIELD_LINE.match(stripped) or stripped.startswith(".. ")):
            break
        paragraph.append(stripped)
    return _collapse(" ".join(paragraph))


def param_descriptions(doc: str | None) -> dict[str, str]:
    """Map each ``:param name:`` of a docstring to its (possibly multi-line) description."""
    if not doc:
        return {}
    descriptions: dict[str, str] = {}
    current: str | None = None
    parts: list[str] = []

    def flush() -> None:
        if current is not None and current not in descriptions:
            descriptions[current] = _collapse(" ".join(parts))

    for raw in inspect.cleandoc(doc).splitlines():
        line = raw.strip()
        match = _PARAM_LINE.match(line)
        if match:
            flush()
            current, parts = match.group("name"), [match.group("text")]
        elif current is not None and line and not _FIELD_LINE.match(line) and raw[:1].isspace():
            parts.append(line)  # indented continuation of the current entry
        elif current is not None:
            flush()
            current, parts = None, []
    flush()
    return descriptions


def looks_deprecated(description: str) -> bool:
    """Whether a parameter description announces that the parameter is deprecated."""
    head = description.lstrip("( *").lower()
    return head.startswith("deprecated") or "(deprecated)" in description.lower()
