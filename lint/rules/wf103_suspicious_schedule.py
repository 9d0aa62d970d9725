from __future__ import annotations

from ..diagnostics import Severity
from ..schedule.checks import EVENTBRIDGE_KINDS, schedule_points
from . import Rule, register


@register
class SuspiciousSchedule(Rule):
    """A schedule Airflow accepts that probably does not do what its author meant.

    ## What it does
    Flags valid schedules with surprising meaning: a cron that never fires (`0 0 30 2 *`),
    day-of-month and day-of-week both restricted (cron then runs on *either*), uneven or
    oversized steps, a seconds field, presets written with odd case or spaces, and an empty
    asset list.

    ## Why is this bad?
    The DAG loads fine and then runs at the wrong times, or never.

    ## Example
    ```yaml
    schedule: "0 6 1 * MON"   # runs on the 1st AND on every Monday, not "the first Monday"
    ```
    """

    code = "WF103"
    name = "suspicious-schedule"
    severity = Severity.WARNING

    def check_dag(self, ctx, dag):
        for point in schedule_points(ctx, dag):
            if point.severity != "error" and point.kind not in EVENTBRIDGE_KINDS:
                span = ctx.value_span(point.entry.value, point.start, point.end) if point.start is not None else None
                ctx.report_entry(dag, point.entry, point.message, span=span)
