"""What one lint of one document produced: its text, its model and its diagnostics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic

if TYPE_CHECKING:
    from .model.workflow import WorkflowFile
    from .yaml.source import SourceText


@dataclass(slots=True)
class LintResult:
    """One document's lint: its text, its model (None when the result came from a worker
    process or from the cache) and its diagnostics."""

    path: str
    source: SourceText | None
    workflow: WorkflowFile | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # What the file tells the rest of the project (wflint.model.index.file_facts), for the
    # project rules; None for files that are not workflows.
    facts: dict | None = None
