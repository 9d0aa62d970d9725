from __future__ import annotations

from ..diagnostics import Severity
from ..schedule.checks import EVENTBRIDGE_KINDS, schedule_points
from . import Rule, register


@register
class EventBridgeSchedule(Rule):
    """An AWS EventBridge-style cron that Airflow reads differently.

    ## What it does
    Recognises EventBridge cron expressions (six fields, `?` for "any", a year field), which
    Airflow accepts, and says what Airflow will actually do with them.

    ## Why is this bad?
    Airflow's cron reads a sixth field as *seconds*: `0 12 * * ? *` runs sixty times a minute
    at noon instead of once a day.

    ## Example
    ```yaml
    schedule: "0 12 * * ? *"   # EventBridge: daily at 12:00. Airflow: every second 12:00:00-12:00:59
    schedule: "0 12 * * *"     # what was meant
    ```
    """

    code = "WF102"
    name = "eventbridge-schedule"
    severity = Severity.WARNING

    def check_dag(self, ctx, dag):
        for point in schedule_points(ctx, dag):
            if point.severity != "error" and point.kind in EVENTBRIDGE_KINDS:
                span = ctx.value_span(point.entry.value, point.start, point.end) if point.start is not None else None
                ctx.report_entry(dag, point.entry, point.message, span=span)
