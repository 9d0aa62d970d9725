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

import calendar
from datetime import date, datetime, timedelta, timezone


from wflint.schedule.zones import make_aware, zone_for
from wflint.schedule.cron import (
    DOM,
    DOW,
    HOUR,
    MINUTE,
    MONTH,
    SECOND,
    YEAR,
    CronField,
    expand_field,
    expand_item,
    parse_cron_fields,
)


def _croniter(*args, **kwargs):
    """croniter, imported when first needed (it costs ~50 ms of start-up)."""
    from croniter import croniter

    return croniter(*args, **kwargs)


def _cron_for(expr: str) -> str | None:
    from wflint.schedule.validate import check_cron, cron_expression_for

    cron = cron_expression_for(expr)
    if cron is None:
        return None
    errors = [p for p in check_cron(expr) if p.severity == "error"]
    if errors:
        raise ValueError(f"invalid schedule {expr!r}: {errors[0].message}")
    return cron


def _covers_every_hour(cron: str) -> bool:
    return _croniter(cron).expanded[HOUR] == ["*"]


def _get_next(cron: str, zone, current: datetime, every_hour: bool) -> datetime:
    naive = current.astimezone(zone).replace(tzinfo=None)
    scheduled = _croniter(cron, start_time=naive).get_next(datetime)
    # Work in UTC: Python compares and subtracts datetimes sharing a tzinfo by wall time.
    if not every_hour:
        return make_aware(scheduled, zone).astimezone(timezone.utc)
    return current.astimezone(timezone.utc) + (scheduled - naive)


def _aware_start(start: datetime | None, zone) -> datetime:
    if start is None:
        from ..inputs import note_clock

        note_clock()
        return datetime.now(timezone.utc)
    if start.tzinfo is None:
        return make_aware(start, zone).astimezone(timezone.utc)
    return start.astimezone(timezone.utc)


def next_runs(expr: str, tz: str = "UTC", n: int = 5, start: datetime | None = None,
              until: datetime | None = None) -> list[datetime]:
    """The next `n` fire times strictly after `start` (default: now), as aware datetimes in `tz`,
    stopping early at the first one after `until` when given.

    Naive `start`/`until` are read as wall-clock times in `tz`. Non-cron schedules (None, @once,
    @continuous) give []; a schedule no date matches gives fewer than `n`. Raises ValueError for an
    invalid schedule or timezone.
    """
    from croniter import CroniterBadDateError

    zone = zone_for(tz)
    cron = _cron_for(expr)
    if cron is None or n <= 0:
        return []
    every_hour = _covers_every_hour(cron)
    current = _aware_start(start, zone)
    limit = _aware_start(until, zone) if until is not None else None
    runs: list[datetime] = []
    try:
        for _ in range(n):
            current = _get_next(cron, zone, current, every_hour)
            if limit is not None and current > limit:
                break
            runs.append(current.astimezone(zone))
    except CroniterBadDateError:
        pass
    return runs


def count_runs_between(expr: str, start: datetime, end: datetime, tz: str = "UTC",
                       cap: int = 100_000) -> tuple[int, bool]:
    """How many runs fall in [start, end] (both inclusive, like a catch-up from start_date).

    Returns (count, capped). Schedules are counted day by day arithmetically (iterating only on DST
    days), so `capped` is False and the count is exact at any size, except for one Airflow quirk:
    an hourly-or-faster schedule limited to some days steps in absolute time across a gap between
    its days, so when that gap spans a DST change Airflow shifts runs by the hour and the count
    can be off by a few runs per DST change. Schedules using R, or a day-of-month together
    with MON#2/L5 forms, are iterated, stopping at `cap` runs with `capped` True.
    `@once` counts 1, None and @continuous 0.
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
    """Schedules whose days `_DayMatcher` can decide; R (random) and day-of-month combined with
    MON#2/L5 forms (which croniter cannot schedule at all) are left to iteration."""
    if any(item.kind == "random" for f in fields for item in f.items):
        return False
    special_dow = any(item.kind in ("nth-weekday", "last-weekday") for item in fields[DOW].items)
    return not (special_dow and not fields[DOM].is_any)


def _count_by_iteration(cron: str, zone, a: datetime, b: datetime, cap: int) -> tuple[int, bool]:
    from croniter import CroniterBadDateError

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


class _DayMatcher:
    """Which local dates a cron fires on, with croniter's rules: when both day-of-month and
    day-of-week are restricted a day matching either one fires."""

    def __init__(self, cron: str, fields: list[CronField]):
        expanded = _croniter(cron).expanded
        self.dom_any, self.dow_any = expanded[DOM] == ["*"], expanded[DOW] == ["*"]
        self.months = set(expand_field(fields[MONTH]))
        self.years = set(expand_field(fields[YEAR])) if len(fields) > YEAR else None
        dom_items, dow_items = fields[DOM].items, fields[DOW].items
        self.doms = {v for it in dom_items if it.kind not in ("last-day", "nearest-weekday")
                     for v in expand_item(DOM, it)}
        self.last_day = any(it.kind == "last-day" for it in dom_items)
        self.nearest = [it.low for it in dom_items if it.kind == "nearest-weekday"]
        self.dows = {v for it in dow_items if it.kind not in ("nth-weekday", "last-weekday")
                     for v in expand_item(DOW, it)}
        self.nth = [(set(expand_item(DOW, it)), it.nth) for it in dow_items if it.kind == "nth-weekday"]
        self.last_weekdays = {it.low for it in dow_items if it.kind == "last-weekday"}

    def _dom_ok(self, d: date, month_len: int) -> bool:
        if d.day in self.doms or (self.last_day and d.day == month_len):
            return True
        return any(_nearest_weekday(d.year, d.month, day, month_len) == d.day for day in self.nearest)

    def _dow_ok(self, d: date, month_len: int) -> bool:
        weekday = d.isoweekday() % 7
        if weekday in self.dows:
            return True
        if weekday in self.last_weekdays and d.day + 7 > month_len:
            return True
        return any(weekday in days and (d.day - 1) // 7 + 1 == nth for days, nth in self.nth)

    def __call__(self, d: date) -> bool:
        if d.month not in self.months or (self.years is not None and d.year not in self.years):
            return False
        month_len = calendar.monthrange(d.year, d.month)[1]
        if self.dom_any:
            return self._dow_ok(d, month_len)
        if self.dow_any:
            return self._dom_ok(d, month_len)
        return self._dom_ok(d, month_len) or self._dow_ok(d, month_len)


def _nearest_weekday(year: int, month: int, day: int, month_len: int) -> int | None:
    """The weekday (Mon-Fri) nearest to `day` within the month, as 15W means."""
    day = min(day, month_len)  # croniter moves 31W to the last day of shorter months
    weekday = date(year, month, day).weekday()  # Monday = 0
    if weekday == 5:  # Saturday: Friday before, unless that leaves the month
        return day - 1 if day > 1 else day + 2
    if weekday == 6:  # Sunday: Monday after, unless that leaves the month
        return day + 1 if day < month_len else day - 2
    return day


def _count_by_days(cron: str, fields: list[CronField], zone, a: datetime, b: datetime) -> int:
    minutes, hours = expand_field(fields[MINUTE]), expand_field(fields[HOUR])
    seconds = expand_field(fields[SECOND]) if len(fields) > SECOND else [0]
    every_hour = _covers_every_hour(cron)
    per_hour = len(minutes) * len(seconds)
    per_day = per_hour * len(hours)
    matches = _DayMatcher(cron, fields)

    def midnight(d: date) -> datetime:
        return make_aware(datetime(d.year, d.month, d.day), zone).astimezone(timezone.utc)

    def count_wall(lo: int, hi: int) -> int:
        """Fire times whose wall-clock second of the day is in [lo, hi]."""
        n = 0
        for h in hours:
            hs = h * 3600
            if hs + 3599 < lo or hs > hi:
                continue
            if lo <= hs and hs + 3599 <= hi:
                n += per_hour
                continue
            for m in minutes:
                ms = hs + m * 60
                if ms + 59 < lo or ms > hi:
                    continue
                n += sum(1 for sec in seconds if lo <= ms + sec <= hi)
        return n

    def second_of_day(moment: datetime, round_up: bool) -> int:
        local = moment.astimezone(zone)
        value = local.hour * 3600 + local.minute * 60 + local.second
        return value + 1 if round_up and local.microsecond else value

    first_day, last_day = a.astimezone(zone).date(), b.astimezone(zone).date()
    total = 0
    day = first_day
    while day <= last_day:
        if matches(day):
            day_start, day_end = midnight(day), midnight(day + timedelta(days=1))
            length = day_end - day_start
            edge = day in (first_day, last_day)
            if length != timedelta(days=1) and every_hour and not edge and length % timedelta(hours=1) == \
                    timedelta(0):
                # Airflow steps hourly-or-faster schedules in absolute time: a 23- or 25-hour day
                # simply has 23 or 25 hours of runs.
                total += per_hour * (length // timedelta(hours=1))
            elif length != timedelta(days=1):
                # Other DST days: iterate the way Airflow steps through the gap or the fold.
                total += _count_in_day(cron, zone, max(a, day_start), min(b, day_end - _TICK), every_hour)
            elif edge:
                lo = second_of_day(a, round_up=True) if day == first_day else 0
                hi = second_of_day(b, round_up=False) if day == last_day else 86399
                total += count_wall(lo, hi)
            else:
                total += per_day
        day += timedelta(days=1)
    return total


_TICK = timedelta(microseconds=1)


def _count_in_day(cron: str, zone, a: datetime, b: datetime, every_hour: bool) -> int:
    """Runs in [a, b] (within one local day) by iteration: at most 86,400 of them."""
    from croniter import CroniterBadDateError

    count = 0
    current = a - _TICK
    try:
        while True:
            current = _get_next(cron, zone, current, every_hour)
            if current > b:
                return count
            count += 1
    except CroniterBadDateError:
        return count
