from __future__ import annotations

from ..diagnostics import Severity
from ..schedule.date_checks import date_points
from ..yaml.tree import Scalar
from . import Rule, register


@register
class InvalidDate(Rule):
    """A `start_date` or `end_date` DAG Factory cannot read.

    ## What it does
    Reads `start_date` / `end_date` (of the DAG and of `default_args`) as DAG Factory does:
    YAML dates and datetimes, ISO strings, and relative forms such as `2 days`. Reports
    values it cannot read (an error) and values it reads differently than they look (a
    warning: an explicit UTC offset that DAG Factory drops, a relative date that moves every
    time the file is parsed).

    ## Why is this bad?
    DAG Factory refuses the file ("Invalid relative time: 205-01-01-01"); or the DAG starts at
    another moment than the one written.

    ## Example
    ```yaml
    start_date: 205-01-01      # a typo for 2025-01-01
    start_date: 2024-13-01     # there is no month 13
    ```
    """

    code = "WF104"
    name = "invalid-date"
    severity = Severity.ERROR

    def check_dag(self, ctx, dag):
        for point in date_points(ctx, dag):
            if point.kind == "date":
                span = ctx.value_span(point.entry.value, point.start, point.end) if point.start is not None and type(point.entry.value) is Scalar else None
                ctx.report_entry(dag, point.entry, point.message, span=span,
                                 severity=Severity.ERROR if point.severity == "error" else Severity.WARNING)
