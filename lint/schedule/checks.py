"""What the schedule rules (WF101-WF103) share: the problems of each DAG's effective schedule,
computed once per document with `wflint.schedule.validate`."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.workflow import Dag, Entry
from ..model.values import object_type
from ..yaml.tree import Mapping, Scalar, Sequence, iter_pairs

EVENTBRIDGE_KINDS = frozenset({"cron-eventbridge", "eventbridge-wrapper"})
ASSET_OPERATORS = ("__and__", "__or__")


@dataclass(slots=True)
class SchedulePoint:
    """A problem inside a DAG's schedule value; start/end are offsets in the value's text
    (None: the whole value)."""

    entry: Entry
    start: int | None
    end: int | None
    message: str
    severity: str
    kind: str


def schedule_points(ctx, dag: Dag) -> list[SchedulePoint]:
    key = ("schedule", id(dag))
    points = ctx.cache.get(key)
    if points is None:
        points = ctx.cache[key] = _compute(dag)
    return points


def _compute(dag: Dag) -> list[SchedulePoint]:
    entry = dag.config.get("schedule")
    if entry is None:
        return []
    value = entry.value
    if type(value) is Scalar:
        text = value.typed
        if not isinstance(text, str) or "$" in text:
            return []  # null (manual runs only), a number (the schema rule's), or `$VAR`
        from .validate import check_cron, is_none_schedule

        if is_none_schedule(text):
            return []
        return [SchedulePoint(entry, p.start, p.end, p.message, p.severity, p.kind) for p in check_cron(text)]
    if type(value) is Mapping and object_type(value) is None:
        keys = [k.value for k, _ in iter_pairs(value) if type(k) is Scalar]
        if not any(k in ASSET_OPERATORS for k in keys):
            dunder = [k for k in keys if k.startswith("__") and k.endswith("__") and len(k) > 4]
            if dunder:  # a misspelt asset operator (`__orr__`), not an Airflow 2 form
                from ..suggest import did_you_mean

                return [SchedulePoint(
                    entry, None, None,
                    f"`{dunder[0]}` is not an asset operator{did_you_mean(dunder[0], ASSET_OPERATORS)}: DAG Factory "
                    "builds `__and__` / `__or__` expressions only, and Airflow refuses this schedule "
                    "(\"All elements in 'schedule' should be either assets...\")",
                    "error", "schedule-unknown-asset-operator",
                )]
            shown = ", ".join(f"`{k}`" for k in keys) or "an empty mapping"
            return [SchedulePoint(
                entry, None, None,
                f"this schedule mapping ({shown}) is Airflow 2 dataset syntax that DAG Factory does not translate on "
                "Airflow 3 (\"All elements in 'schedule' should be either assets...\"); write a list of asset URIs, an "
                "`__and__`/`__or__` expression, or `__type__: airflow.sdk.Asset` objects",
                "error", "schedule-airflow2-datasets",
            )]
    if type(value) is Sequence and not value.items:
        return [SchedulePoint(entry, None, None, "an empty list of assets: the DAG never runs", "warning", "schedule-empty-assets")]
    return []
