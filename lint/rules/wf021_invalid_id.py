from __future__ import annotations

import re

from ..diagnostics import Severity
from . import Rule, register

_TASK_OR_DAG_ID = re.compile(r"^[\w.-]+$")
_GROUP_ID = re.compile(r"^[\w-]+$")


@register
class InvalidId(Rule):
    """A DAG id, task id or group name that Airflow does not accept.

    ## What it does
    DAG ids and task ids may contain letters, digits, `_`, `.` and `-` and be at most 250
    characters long; task group names may contain letters, digits, `_` and `-` (no dots) and
    be at most 200 characters long.

    ## Why is this bad?
    Airflow raises when it builds the DAG ("The key ... has to be made of alphanumeric
    characters, dashes, dots and underscores exclusively"), so the file does not load.

    ## Example
    ```yaml
    my dag:                 # a space
      tasks:
        - task_id: load/s3  # a slash
    ```
    """

    code = "WF021"
    name = "invalid-id"
    severity = Severity.ERROR

    def check_dag(self, ctx, dag):
        self._check(ctx, dag.key, dag.name, "DAG id", _TASK_OR_DAG_ID, 250, "letters, digits, `_`, `.` and `-`")

    def check_task(self, ctx, task):
        if task.id and not task.inherited:
            self._check(ctx, task.id_node, task.id, "task id", _TASK_OR_DAG_ID, 250, "letters, digits, `_`, `.` and `-`")

    def check_group(self, ctx, group):
        if group.name and not group.inherited:
            self._check(ctx, group.name_node, group.name, "task group name", _GROUP_ID, 200, "letters, digits, `_` and `-` (no dots)")

    def _check(self, ctx, node, value, what, pattern, limit, allowed):
        if "$" in value:
            return  # an environment variable DAG Factory expands before parsing
        if not pattern.match(value):
            bad = sorted({ch for ch in value if not re.match(r"[\w.-]" if "." in allowed else r"[\w-]", ch)})
            shown = ", ".join(repr(ch) for ch in bad) or "an empty name"
            ctx.report(node, f"{what} `{value}` contains {shown}; only {allowed} are allowed")
        elif len(value) > limit:
            ctx.report(node, f"{what} `{value[:30]}...` is {len(value)} characters long; Airflow allows at most {limit}")
