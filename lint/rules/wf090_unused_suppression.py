from __future__ import annotations

from ..diagnostics import Severity
from . import Rule, register


@register
class UnusedSuppression(Rule):
    """A `# wflint: ignore[...]` comment that suppresses nothing.

    ## What it does
    Reports suppression comments (or codes inside them) that no diagnostic on their line
    needed, and offers to remove them. It runs after suppressions are applied, so it cannot be
    suppressed inline itself: turn it off in the configuration (`ignore = ["WF090"]`).

    ## Why is this bad?
    Stale suppressions hide the next real problem on that line and make readers believe
    something is wrong there.

    ## Example
    ```yaml
    schedule: "@daily"  # wflint: ignore[WF101]   nothing to ignore
    ```
    """

    code = "WF090"
    name = "unused-suppression"
    severity = Severity.WARNING
    file_kinds = frozenset({"workflow", "defaults"})
    needs_valid_yaml = False
    # Reported by the suppression pass after every other rule (see wflint.suppressions).
