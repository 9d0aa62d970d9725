from __future__ import annotations

from ..diagnostics import Severity
from . import Rule, register


@register
class InvalidSuppression(Rule):
    """A `# wflint:` comment with an unknown rule code or a malformed code list.

    ## What it does
    Reports, at the exact entry, a suppression code that names no rule (`WF999`, `WF01O` with
    the letter O, a rule's name instead of its code), codes not separated by commas or not in
    brackets, an empty or unclosed list, and a `# wflint:` keyword other than `ignore` and
    `ignore-file`, with the code or keyword it probably meant. Such an entry suppresses nothing:
    a half-read code must not silently hide a whole family of rules.

    ## Why is this bad?
    The author believes a diagnostic is suppressed (or that a deliberate exception is
    documented) while the comment does nothing, or, read loosely, would hide far more than
    intended.

    ## Example
    ```yaml
    schedul: "@daily"  # wflint: ignore[WF01O]   the letter O: did you mean WF010?
    ```
    """

    code = "WF091"
    name = "invalid-suppression"
    severity = Severity.WARNING
    file_kinds = frozenset({"workflow", "defaults"})
    needs_valid_yaml = False
    # Reported by the suppression pass after every other rule (see wflint.suppressions).
