from __future__ import annotations

from ..diagnostics import Severity
from . import Rule, register


@register
class UnreadableFile(Rule):
    """A file that cannot be read as UTF-8 text.

    ## What it does
    Reports files that cannot be opened, and files that are not valid UTF-8 (for example saved
    as UTF-16 or Latin-1 by an editor), at the first byte that cannot be decoded.

    ## Why is this bad?
    DAG Factory reads workflow files as UTF-8; such a file fails to load in Airflow.

    ## Example
    A workflow saved as "UTF-16 LE" by a Windows editor.
    """

    code = "WF004"
    name = "unreadable-file"
    severity = Severity.ERROR
    file_kinds = frozenset({"workflow", "defaults", "other"})
    needs_valid_yaml = False
    # Reported by the engine before any YAML exists; this class carries the code and docs.
