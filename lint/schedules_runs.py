"""Run times of cron schedules, computed the way Airflow 3's cron timetables compute them.

Airflow (timetables/_cron.py `CronMixin._get_next`) asks croniter for the next *wall-clock* time in
the DAG's timezone, then:
- for schedules that fire at least once an hour (hour field `*`), adds the naive difference to the
  current aware time, i.e. steps in absolute time: hourly runs keep their spacing across DST changes
  (25 runs on the day clocks go back, 23 on the day they go forward);
- otherwise localises the wall-clock time: a time in the spring-forward gap moves forward by the gap
  (02:30 becomes 03:30), and a repeated time in the autumn fold takes its second occurrence.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from croniter import CroniterBadDateError, croniter

from wflint.schedules_cron import (
    DOM,
    DOW,
    HOUR,
    MINUTE,
    MONTH,
    SECOND,
    YEAR,
    CronField,
    expand_field,
    parse_cron_fields,
)


def zone_for(tz: str) -> timezone | ZoneInfo:
    """The timezone pendulum (and so Airflow) would use for `tz`; raises ValueError if unknown."""
    from wflint.schedules_dates import is_valid_timezone

    if tz.lower() == "utc":  # pendulum.timezone() accepts UTC in any case
        return timezone.utc
    check = is_valid_timezone(tz)
    if not check.valid:
        raise ValueError(check.message)
    return ZoneInfo(tz)


def make_aware(naive: datetime, zone) -> datetime:
    """Airflow's make_aware: fold=1 (second occurrence), and a nonexistent time moves past the gap."""
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    before, after = first.utcoffset(), second.utcoffset()
    if after > before:  # in the spring-forward gap: shift forward by the gap's length
        return (naive + (after - before)).replace(tzinfo=zone, fold=1)
    return second


def _cron_for(expr: str) -> str | None:
    from wflint.schedules import check_cron, cron_expression_for

    cron = cron_expression_for(expr)
    if cron is None:
        return None
    errors = [p for p in check_cron(expr) if p.severity == "error"]
    if errors:
        raise ValueError(f"invalid schedule {expr!r}: {errors[0].message}")
    return cron


def _covers_every_hour(cron: str) -> bool:
    return croniter(cron).expanded[HOUR] == ["*"]


def _get_next(cron: str, zone, current: datetime, every_hour: bool) -> datetime:
    naive = current.astimezone(zone).replace(tzinfo=None)
    scheduled = croniter(cron, start_time=naive).get_next(datetime)
    if not every_hour:
        return make_aware(scheduled, zone)
    return (current.astimezone(timezone.utc) + (scheduled - naive)).astimezone(zone)


def _aware_start(start: datetime | None, zone) -> datetime:
    if start is None:
        return datetime.now(timezone.utc)
    if start.tzinfo is None:
        return make_aware(start, zone)
    return start


def next_runs(expr: str, tz: str = "UTC", n: int = 5, start: datetime | None = None) -> list[datetime]:
    """The next `n` fire times strictly after `start` (default: now), as aware datetimes in `tz`.

    A naive `start` is read as wall-clock time in `tz`. Non-cron schedules (None, @once, @continuous)
    give []; a schedule no date matches gives fewer than `n`. Raises ValueError for an invalid
    schedule or timezone.
    """
    zone = zone_for(tz)
    cron = _cron_for(expr)
    if cron is None or n <= 0:
        return []
    every_hour = _covers_every_hour(cron)
    current = _aware_start(start, zone)
    runs: list[datetime] = []
    try:
        for _ in range(n):
            current = _get_next(cron, zone, current, every_hour)
            runs.append(current.astimezone(zone))
    except CroniterBadDateError:
        pass
    return runs


def count_runs_between(expr: str, start: datetime, end: datetime, tz: str = "UTC",
                       cap: int = 100_000) -> tuple[int, bool]:
    """How many runs fall in [start, end] (both inclusive, like a catch-up from start_date).

    Returns (count, capped). Common schedules (no L, W, # or R forms) are counted day by day
    arithmetically, so the count is exact at any size and `capped` is False; others are iterated,
    and iteration stops at `cap` runs with `capped` True. `@once` counts 1, None and @continuous 0.
    """
    zone = zone_for(tz)
    if expr == "@once":
        return 1, False
    cron = _cron_for(expr)
    if cron is None:
        return 0, False
    a, b = _aware_start(start, zone), _aware_start(end, zone)
    if a > b:
        return 0, False
    fields = parse_cron_fields(cron).fields
    if _is_simple(fields):
        return _count_by_days(cron, fields, zone, a, b), False
    return _count_by_iteration(cron, zone, a, b, cap)


def _is_simple(fields: list[CronField]) -> bool:
    return all(item.kind in ("any", "value", "range", "step") for f in fields for item in f.items)


def _count_by_iteration(cron: str, zone, a: datetime, b: datetime, cap: int) -> tuple[int, bool]:
    every_hour = _covers_every_hour(cron)
    count = 0
    # Airflow aligns the first run to start itself when start is a fire time.
    current = a - timedelta(microseconds=1)
    try:
        while count < cap:
            current = _get_next(cron, zone, current, every_hour)
            if current > b:
                return count, False
            count += 1
    except CroniterBadDateError:
        return count, False
    return count, True


def _count_by_days(cron: str, fields: list[CronField], zone, a: datetime, b: datetime) -> int:
    minutes, hours = expand_field(fields[MINUTE]), expand_field(fields[HOUR])
    seconds = expand_field(fields[SECOND]) if len(fields) > SECOND else [0]
    years = set(expand_field(fields[YEAR])) if len(fields) > YEAR else None
    doms, months, dows = set(expand_field(fields[DOM])), set(expand_field(fields[MONTH])), \
        set(expand_field(fields[DOW]))
    dom_any, dow_any = fields[DOM].is_any, fields[DOW].is_any
    every_hour = _covers_every_hour(cron)
    per_hour = len(minutes) * len(seconds)
    per_day = per_hour * len(hours)

    def day_matches(d: date) -> bool:
        if d.month not in months or (years is not None and d.year not in years):
            return False
        dom_ok, dow_ok = d.day in doms, (d.isoweekday() % 7) in dows
        if dom_any:
            return dow_ok
        if dow_any:
            return dom_ok
        return dom_ok or dow_ok  # cron's OR rule when both are restricted

    def midnight(d: date) -> datetime:
        return make_aware(datetime(d.year, d.month, d.day), zone)

    first_day, last_day = a.astimezone(zone).date(), b.astimezone(zone).date()
    total = 0
    day = first_day
    while day <= last_day:
        if day_matches(day):
            day_start, day_end = midnight(day), midnight(day + timedelta(days=1))
            hours_in_day = round((day_end - day_start).total_seconds() / 3600)
            edge = day in (first_day, last_day)
            if not edge and (hours_in_day == 24 or not every_hour):
                total += per_day
            else:
                total += _count_in_day(cron, zone, day_start, day_end, max(a, day_start), b, every_hour)
        day += timedelta(days=1)
    return total


def _count_in_day(cron: str, zone, day_start: datetime, day_end: datetime, a: datetime, b: datetime,
                  every_hour: bool) -> int:
    """Runs in [a, b] within one local day, by iteration (a day has at most 86,400 runs)."""
    count = 0
    current = a - timedelta(microseconds=1)
    limit = min(b, day_end - timedelta(microseconds=1))
    try:
        while True:
            current = _get_next(cron, zone, current, every_hour)
            if current > limit:
                return count
            count += 1
    except CroniterBadDateError:
        return count
