from __future__ import annotations

from ..diagnostics import Severity
from ..schedule.date_checks import date_points
from . import Rule, register


@register
class EndBeforeStart(Rule):
    """`end_date` before `start_date`.

    ## What it does
    Compares the DAG's effective `start_date` and `end_date` (after merging the `default:`
    block, defaults.yml and `default_args`) when both are fixed dates.

    ## Why is this bad?
    The DAG loads but no run ever falls between the two dates: it never runs.

    ## Example
    ```yaml
    start_date: 2025-06-01
    end_date: 2025-01-01
    ```
    """

    code = "WF105"
    name = "end-before-start"
    severity = Severity.WARNING

    def check_dag(self, ctx, dag):
        for point in date_points(ctx, dag):
            if point.kind == "order":
                ctx.report_entry(dag, point.entry, point.message, related=point.related)
