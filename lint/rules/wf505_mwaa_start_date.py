from __future__ import annotations

import datetime as dt

from ..diagnostics import Severity
from ..yaml.tree import Scalar
from . import Rule, register


@register
class MwaaStartDate(Rule):
    """A `start_date` / `end_date` that MWAA Serverless does not accept.

    ## What it does
    With the `mwaa-serverless` profile, requires `start_date` and `end_date` to be plain dates
    written `YYYY-MM-DD` (no times, no relative dates such as `2 days`, no `__type__` objects).

    ## Why is this bad?
    MWAA Serverless validates the dates when the workflow is created and refuses other forms.

    ## Example
    ```yaml
    start_date: 2025-01-01T06:00:00   # write 2025-01-01
    ```
    """

    code = "WF505"
    name = "mwaa-start-date"
    severity = Severity.ERROR
    profile = "mwaa-serverless"

    def check_dag(self, ctx, dag):
        for name in ("start_date", "end_date"):
            entry = dag.config.get(name)
            if entry is None or entry.layer.path != ctx.path:
                continue
            value = entry.value
            if type(value) is Scalar and "$" in value.value:
                continue
            if type(value) is Scalar and isinstance(value.typed, dt.date) and not isinstance(value.typed, dt.datetime):
                continue
            ctx.report(value, f"MWAA Serverless accepts `{name}` only as a date written YYYY-MM-DD")
