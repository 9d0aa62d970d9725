from __future__ import annotations

from ..diagnostics import Severity
from . import Rule, register


@register
class InternalError(Rule):
    """A rule of wflint itself failed on this file.

    ## What it does
    When a rule raises an exception (a bug in wflint), the engine reports it here, at the DAG,
    task or group being checked, and runs every other rule as usual.

    ## Why is this bad?
    That rule's checks are missing for the file, so problems it would have found may be
    hidden. It is reported as an error so CI does not pass silently; please report the file.

    ## Example
    `rule WF304 (unknown-argument) crashed here and checked nothing more in this file: ...`
    """

    code = "WF000"
    name = "internal-error"
    severity = Severity.ERROR
    file_kinds = frozenset({"workflow", "defaults", "other"})
    needs_valid_yaml = False
    # Reported by the engine (wflint.engine._report_crash); this class carries the code and docs.
