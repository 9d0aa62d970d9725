from __future__ import annotations

import datetime as dt

from ..diagnostics import Severity
from ..inputs import note_clock
from ..yaml.tree import Scalar
from . import Rule, register

# Below this many runs a catch-up is a normal backfill, not a surprise.
THRESHOLD = 100


def now() -> dt.datetime:
    """The current time; tests replace it to keep run counts stable."""
    return dt.datetime.now(dt.timezone.utc)


@register
class CatchupRuns(Rule):
    """`catchup: true` with a `start_date` far in the past.

    ## What it does
    Counts the runs Airflow will create on the first deploy (every schedule interval between
    `start_date` and now, in the DAG's timezone) and warns when there are many:
    "catchup will create 17,520 runs (hourly since 2024-01-01)".

    Not reported with the `mwaa-serverless` profile, where `catchup` has no effect (WF506).

    ## Why is this bad?
    All those runs are queued at once: they hold workers and pools for hours, hammer the
    systems the tasks talk to, and cost money on MWAA Serverless.

    ## Example
    ```yaml
    schedule: "@hourly"
    start_date: 2024-01-01
    catchup: true            # or a recent start_date, or catchup: false
    ```
    """

    code = "WF107"
    name = "catchup-runs"
    severity = Severity.WARNING

    def check_dag(self, ctx, dag):
        if ctx.config.profile == "mwaa-serverless":
            return  # MWAA Serverless ignores `catchup` (WF506 says so): no catch-up runs to count
        catchup = dag.config.get("catchup")
        if catchup is None or type(catchup.value) is not Scalar or catchup.value.typed is not True:
            return
        schedule = dag.config.get("schedule")
        if schedule is None or type(schedule.value) is not Scalar or not isinstance(schedule.value.typed, str):
            return
        from ..schedule.date_checks import effective_start
        from ..schedule.validate import check_cron
        from ..schedule.runs import count_runs_between
        from ..schedule.explain import explain_schedule

        expression = schedule.value.typed
        if "$" in expression or any(p.severity == "error" for p in check_cron(expression)):
            return
        start = effective_start(dag)
        if start is None:
            return
        start_entry, start_value, tz = start
        note_clock()  # the count changes as time passes: never cached
        current = now()
        try:
            count, capped = count_runs_between(expression, start_value, current.replace(tzinfo=None) if start_value.tzinfo is None else current, tz)
        except (ValueError, OverflowError, KeyError):
            return
        if count < THRESHOLD:
            return
        shown = f"more than {count:,}" if capped else f"{count:,}"
        when = explain_schedule(expression)
        when = when[0].lower() + when[1:] if when else expression
        message = f"catchup will create {shown} runs on the first deploy ({when}, since {start_value:%Y-%m-%d})"
        ctx.report_entry(dag, catchup, message, related=[ctx.related_at(start_entry.value, "start_date", start_entry.layer)])
