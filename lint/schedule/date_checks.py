"""What the date rules (WF104, WF105, WF107) share: each DAG's `start_date` / `end_date` read as
DAG Factory reads them (`wflint.schedule.dates.parse_date_value`), computed once per document."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..diagnostics import Related
from ..model.workflow import Dag, Entry
from ..yaml.tree import Scalar

DATE_KEYS = ("start_date", "end_date")


@dataclass(slots=True)
class DatePoint:
    entry: Entry
    start: int | None  # offsets in the value's text
    end: int | None
    message: str
    severity: str
    kind: str  # "date" (WF104) or "order" (WF105)
    related: list[Related] = field(default_factory=list)


def dag_timezone(dag: Dag) -> str:
    for entry in (dag.config.get("timezone"), dag.default_args.get("timezone") if dag.default_args else None):
        if entry is not None and type(entry.value) is Scalar and isinstance(entry.value.typed, str) and "$" not in entry.value.typed:
            return entry.value.typed
    return "UTC"


def date_entries(dag: Dag, name: str) -> list[Entry]:
    """The DAG-level value and the `default_args` one (both reach Airflow)."""
    entries = [dag.config.get(name)]
    if dag.default_args is not None:
        entries.append(dag.default_args.get(name))
    return [e for e in entries if e is not None]


def parsed(entry: Entry, tz: str):
    """ParsedDate | DateProblem | None (None: not a scalar DAG Factory parses, e.g. `__type__`)."""
    value = entry.value
    if type(value) is not Scalar or value.typed is None:
        return None
    text = value.value
    if "$" in text:
        return None
    from .dates import parse_date_value

    return parse_date_value(text, quoted=value.style is not None, tz=tz)


def date_points(ctx, dag: Dag) -> list[DatePoint]:
    key = ("dates", id(dag))
    points = ctx.cache.get(key)
    if points is None:
        points = ctx.cache[key] = _compute(ctx, dag)
    return points


def _compute(ctx, dag: Dag) -> list[DatePoint]:
    from .dates import DateProblem

    tz = dag_timezone(dag)
    points: list[DatePoint] = []
    fixed: dict[str, tuple[Entry, dt.datetime]] = {}
    for name in DATE_KEYS:
        for entry in date_entries(dag, name):
            result = parsed(entry, tz)
            if result is None:
                continue
            if isinstance(result, DateProblem):
                points.append(DatePoint(entry, result.start, result.end, f"`{name}`: {result.message}", result.severity, "date"))
                continue
            for warning in result.warnings:
                points.append(DatePoint(entry, warning.start, warning.end, f"`{name}`: {warning.message}", warning.severity, "date"))
            if result.value is not None and name not in fixed:
                fixed[name] = (entry, result.value)
    if "start_date" in fixed and "end_date" in fixed:
        (start_entry, start), (end_entry, end) = fixed["start_date"], fixed["end_date"]
        if _comparable(end) < _comparable(start):
            points.append(DatePoint(
                end_entry, None, None,
                f"end_date {end:%Y-%m-%d %H:%M} is before start_date {start:%Y-%m-%d %H:%M}: the DAG never runs",
                "warning", "order", [ctx.related_at(start_entry.value, "start_date", start_entry.layer)],
            ))
    return points


def _comparable(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=None)


def effective_start(dag: Dag) -> tuple[Entry, dt.datetime, str] | None:
    """The first fixed start date (DAG level, then default_args), with the DAG's timezone."""
    tz = dag_timezone(dag)
    for entry in date_entries(dag, "start_date"):
        result = parsed(entry, tz)
        if result is not None and getattr(result, "value", None) is not None:
            return entry, result.value, tz
    return None
