from __future__ import annotations

from ..diagnostics import Severity
from ..yaml.tree import Scalar
from . import Rule, register


@register
class MwaaSchedule(Rule):
    """A schedule MWAA Serverless does not accept.

    ## What it does
    With the `mwaa-serverless` profile, accepts only a cron expression (or preset) or
    `None`/null for manual runs; reports asset or dataset schedules, `__type__` schedules
    (timedelta, timetables) and `timetable`.

    ## Why is this bad?
    MWAA Serverless validates `schedule` when the workflow is created and refuses anything but
    cron or none (`ValidationException`, `fieldValidationFailed`).

    ## Example
    ```yaml
    schedule: [s3://bucket/landing/orders]   # asset schedules are not supported
    ```
    """

    code = "WF504"
    name = "mwaa-schedule"
    severity = Severity.ERROR
    profile = "mwaa-serverless"

    def check_dag(self, ctx, dag):
        for name in ("schedule", "timetable"):
            entry = dag.config.get(name)
            if entry is None or (entry.inherited and entry.layer.path != ctx.path):
                continue
            if name == "schedule" and type(entry.value) is Scalar:
                continue  # cron text, presets and None are checked by the schedule rules
            ctx.report(entry.value if name == "schedule" else entry.key,
                       "MWAA Serverless accepts only a cron expression or None as the schedule "
                       + ("(no asset, dataset or `__type__` schedules)" if name == "schedule" else "(no timetables)"))
