from __future__ import annotations

import re

from ..diagnostics import Fix, Severity, TextEdit
from ..schedule.checks import schedule_points
from . import Rule, register


@register
class InvalidSchedule(Rule):
    """A `schedule` that Airflow 3 rejects.

    ## What it does
    Checks cron expressions as Airflow 3 does (croniter), pointing at the offending field
    ("hour 24 is out of range 0-23" on `24`); unknown presets with a did-you-mean; EventBridge
    `cron(...)` / `rate(...)` wrappers; and Airflow 2 dataset mappings
    (`schedule: {datasets: ...}`) that DAG Factory no longer translates on Airflow 3.

    ## Why is this bad?
    Airflow refuses the DAG when it parses the file (`AirflowTimetableInvalid`), and only the
    import-error banner in the UI says so.

    ## Example
    ```yaml
    schedule: "0 24 * * *"     # hour 24 does not exist; midnight is 0
    schedule: "@dayly"         # did you mean @daily?
    ```
    """

    code = "WF101"
    name = "invalid-schedule"
    severity = Severity.ERROR

    def check_dag(self, ctx, dag):
        for point in schedule_points(ctx, dag):
            if point.severity == "error":
                span = ctx.value_span(point.entry.value, point.start, point.end) if point.start is not None else None
                ctx.report_entry(dag, point.entry, point.message, span=span, fix=_suggested(ctx, point, span))


_SUGGESTION = re.compile(r"did you mean '([^']+)'\?")


def _suggested(ctx, point, span):
    """The message's did-you-mean as an editor fix: the whole value (a preset) or the field the
    message points at (a month or weekday name). Only for a value written in this file."""
    match = _SUGGESTION.search(point.message)
    value = point.entry.value
    if match is None or point.entry.layer.path != ctx.path or type(value).__name__ != "Scalar":
        return None
    suggestion = match.group(1)
    if span is None or span == (value.start, value.end):
        from ..yaml.scalars import replace_scalar

        return Fix(f"Replace with `{suggestion}`", (replace_scalar(ctx.source.text, value, suggestion),), safe=False)
    written = ctx.source.text[span[0]:span[1]]
    if written.lower() != point.entry.value.value[point.start:point.end].lower():
        return None  # escapes between the value and its source: no exact edit
    return Fix(f"Replace with `{suggestion}`", (TextEdit(span[0], span[1], suggestion),), safe=False)
