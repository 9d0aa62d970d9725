"""What rules report: diagnostics with spans, related locations and fixes."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


# Output bounds (docs/output.md): a file reports at most this many diagnostics, the last saying
# how many more there were (WF009); a problem repeated (same rule, same message) more than
# REPEAT_LIMIT times is reported once with its count and at most RELATED_LIMIT other places; a
# rule stops checking a file after RULE_REPORT_LIMIT reports.
MAX_DIAGNOSTICS_PER_FILE = 1000
REPEAT_LIMIT = 20
RELATED_LIMIT = 20
RULE_REPORT_LIMIT = 2 * MAX_DIAGNOSTICS_PER_FILE


class Severity(enum.IntEnum):
    # Ordered so that `severity >= threshold` reads naturally.
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (expected error, warning or info)") from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace [start, end) of a document (code-point offsets) with `new_text`."""

    start: int
    end: int
    new_text: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A change that resolves a diagnostic. `safe` fixes are applied by `wflint check --fix`;
    others are only offered as editor quick fixes."""

    title: str
    edits: tuple[TextEdit, ...]
    safe: bool = True


@dataclass(frozen=True, slots=True)
class Related:
    """Another place that explains a diagnostic (the first definition of a duplicate, an edge
    of a cycle). `path` None means the same file."""

    start: int
    end: int
    message: str
    path: str | None = None
    # Filled by the engine when `path` is another file, so outputs need not reread it.
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None


@dataclass(slots=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    path: str
    start: int
    end: int
    message: str
    related: list[Related] = field(default_factory=list)
    fix: Fix | None = None
    # Filled in by the engine from the document's line index (1-based, code points).
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0

    def sort_key(self):
        return (self.path, self.start, self.end, self.code, self.message)
