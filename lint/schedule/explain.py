"""Plain-English explanations of schedules (`explain_schedule`)."""

from __future__ import annotations

from wflint.schedule.cron import (
    AIRFLOW_PRESETS,
    CRONITER_ALIASES,
    DOM,
    DOW,
    DOW_FULL,
    FIELD_RANGES,
    HOUR,
    MINUTE,
    MONTH,
    MONTH_FULL,
    SECOND,
    YEAR,
    CronField,
    CronItem,
    expand_field,
    expand_item,
    parse_cron_fields,
)

_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}
_MAX_LISTED_TIMES = 6


def explain_schedule(expr: str) -> str:
    """Describe a schedule string in plain English; never raises."""
    from wflint.schedule.validate import check_cron, is_none_schedule

    if is_none_schedule(expr):
        return "No schedule: the DAG runs only when triggered (manually, by the API or by another DAG)"
    if expr == "@once":
        return "Once: a single run at the start_date (or as soon as the DAG is unpaused, if that has passed)"
    if expr == "@continuous":
        return "Continuously: a new run starts as soon as the previous one finishes"
    errors = [p for p in check_cron(expr) if p.severity == "error"]
    if errors:
        return f"Not a valid schedule: {errors[0].message}"
    cron = AIRFLOW_PRESETS.get(expr) or CRONITER_ALIASES.get(expr.lower()) or expr
    parsed = parse_cron_fields(cron)
    try:
        return _describe(parsed.fields)
    except Exception:  # noqa: BLE001 - an explanation must never break a hover or a lint run
        return f"Runs on the cron schedule '{cron.strip()}'"


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _hhmm(hour: int, minute: int, second: int | None = None) -> str:
    text = f"{hour:02d}:{minute:02d}"
    return text + f":{second:02d}" if second else text


def _single(f: CronField) -> int | None:
    if len(f.items) == 1 and f.items[0].kind == "value":
        return f.items[0].low
    return None


def _only_values(f: CronField) -> bool:
    return all(item.kind == "value" for item in f.items)


def _full_step(f: CronField) -> int | None:
    """n for `*/n` (or an even progression like 0,30 that covers the whole cycle)."""
    fmin, fmax = FIELD_RANGES[f.index]
    if len(f.items) == 1 and f.items[0].kind == "step" and f.items[0].low == fmin and f.items[0].high == fmax:
        return f.items[0].step
    values = expand_field(f)
    if _only_values(f) and len(values) > 1 and values[0] == fmin:
        step = values[1] - values[0]
        if (fmax + 1 - fmin) % step == 0 and values == list(range(fmin, fmax + 1, step)):
            return step
    return None


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}{'s' if n != 1 else ''}"


def _minute_phrase(f: CronField) -> str:
    values = expand_field(f)
    return f"minute{'s' if len(values) > 1 else ''} {_join([str(v) for v in values])}"


def _hour_span(f: CronField) -> tuple[int, int] | None:
    if len(f.items) == 1 and f.items[0].kind == "range" and f.items[0].low < f.items[0].high:
        return f.items[0].low, f.items[0].high
    return None


def _time_phrase(minute: CronField, hour: CronField, second: CronField | None) -> tuple[str, bool]:
    """(phrase, is_clock_time): clock times get ", every day" when no day is restricted."""
    sec_values = expand_field(second) if second else [0]
    sec = sec_values[0] if len(sec_values) == 1 else None
    every_second = second is not None and len(sec_values) == 60
    m_values, h_values = expand_field(minute), expand_field(hour)
    m_step, h_step = _full_step(minute), _full_step(hour)

    if every_second and len(m_values) == 1 and len(h_values) == 1:
        h, m = h_values[0], m_values[0]
        return f"Every second from {h:02d}:{m:02d}:00 to {h:02d}:{m:02d}:59", True
    if every_second:
        suffix = ", running every second of each such minute"
    elif sec == 0:
        suffix = ""
    elif sec is not None:
        suffix = f", at second {sec}"
    else:
        suffix = f", at seconds {_join([str(s) for s in sec_values])}"

    def done(text: str, clock: bool) -> tuple[str, bool]:
        return text + suffix, clock

    if _only_values(minute) and _only_values(hour) and len(m_values) * len(h_values) <= _MAX_LISTED_TIMES:
        times = [_hhmm(h, m, sec if sec else None) for h in h_values for m in m_values]
        return (f"At {_join(times)}", True) if not every_second else done(f"At {_join(times)}", True)
    if minute.is_any:
        if hour.is_any:
            return done("Every minute", False)
        span = _hour_span(hour)
        if span:
            return done(f"Every minute between {span[0]:02d}:00 and {span[1]:02d}:59", False)
        return done(f"Every minute during hour {_join([str(h) for h in h_values])}", False)
    if m_step:
        base = f"Every {_plural(m_step, 'minute')}" if m_step > 1 else "Every minute"
        if hour.is_any:
            return done(base, False)
        span = _hour_span(hour) or ((h_values[0], h_values[0]) if len(h_values) == 1 else None)
        if span:
            return done(f"{base}, between {span[0]:02d}:00 and {span[1]:02d}:59", False)
        return done(f"{base}, during hour{'s' if len(h_values) > 1 else ''} "
                    f"{_join([str(h) for h in h_values])}", False)
    if len(m_values) == 1:
        m = m_values[0]
        at = "on the hour" if m == 0 else f"at {m} minutes past"
        if hour.is_any:
            return done(f"Every hour, {at}", False)
        if h_step:
            return done(f"Every {_plural(h_step, 'hour')}, {at}", False)
        span = _hour_span(hour)
        if span:
            return done(f"Every hour from {_hhmm(span[0], m)} through {_hhmm(span[1], m)}", False)
        if len(hour.items) == 1 and hour.items[0].kind == "step" and len(h_values) > _MAX_LISTED_TIMES:
            return done(f"Every {_plural(hour.items[0].step, 'hour')} from {_hhmm(h_values[0], m)} "
                        f"through {_hhmm(h_values[-1], m)}", False)
        if len(h_values) <= _MAX_LISTED_TIMES:
            return done(f"At {_join([_hhmm(h, m) for h in h_values])}", True)
    if hour.is_any:
        return done(f"Every hour, at {_minute_phrase(minute)}", False)
    return done(f"At {_minute_phrase(minute)} past hour{'s' if len(h_values) > 1 else ''} "
                f"{_join([str(h) for h in h_values])}", False)


def _ordinal_day(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _dom_phrase(f: CronField) -> str:
    items = f.items
    if len(items) == 1:
        item = items[0]
        if item.kind == "last-day":
            return "on the last day of the month"
        if item.kind == "nearest-weekday":
            return f"on the weekday nearest day {item.low} of the month"
        if item.kind == "range" and item.low < item.high:
            return f"on days {item.low} through {item.high} of the month"
        if item.kind == "step":
            values = expand_item(DOM, item)
            start = f", starting on day {values[0]}" if values[0] != 1 else ""
            return f"on every {_ordinal_day(item.step)} day of the month{start} (days " \
                   f"{', '.join(str(v) for v in values[:4])}, ...)"
    words = [str(v) for v in expand_field(f)]
    last = any(item.kind == "last-day" for item in items)
    if last:
        return f"on day{'s' if len(words) > 1 else ''} {_join(words)} and the last day of the month" if words \
            else "on the last day of the month"
    return f"on day{'s' if len(words) > 1 else ''} {_join(words)} of the month"


def _weekday_names(values: list[int]) -> str:
    return _join([DOW_FULL[v] for v in values])


def _dow_phrase(f: CronField) -> tuple[str, str]:
    """(phrase standing alone, phrase after "on every" / "on the" in an OR clause)."""
    items = f.items
    if len(items) == 1:
        item = items[0]
        if item.kind == "nth-weekday":
            days = _weekday_names(expand_item(DOW, item))
            text = f"the {_ORDINALS[item.nth]} {days} of the month"
            return f"on {text}", text
        if item.kind == "last-weekday":
            text = f"the last {DOW_FULL[item.low]} of the month"
            return f"on {text}", text
        if item.kind == "range" and item.low != item.high:
            text = f"{DOW_FULL[item.low]} through {DOW_FULL[item.high]}"
            return text, text
    if any(item.kind in ("nth-weekday", "last-weekday") for item in items):
        parts = []
        for item in items:
            if item.kind == "nth-weekday":
                parts.append(f"the {_ORDINALS[item.nth]} {_weekday_names(expand_item(DOW, item))}")
            elif item.kind == "last-weekday":
                parts.append(f"the last {DOW_FULL[item.low]}")
            else:
                parts.append(_weekday_names(expand_item(DOW, item)))
        text = f"{_join(parts)} of the month"
        return f"on {text}", text
    names = _weekday_names(expand_field(f))
    return f"only on {names}", names


def _or_weekdays(dow: CronField) -> str:
    phrase = _dow_phrase(dow)[1]
    return f" and on {phrase}" if phrase.startswith("the ") else f" and on every {phrase}"


def _month_phrase(f: CronField) -> str:
    items = f.items
    if len(items) == 1 and items[0].kind == "range" and items[0].low != items[0].high:
        return f"{MONTH_FULL[items[0].low - 1]} through {MONTH_FULL[items[0].high - 1]}"
    return "only in " + _join([MONTH_FULL[v - 1] for v in expand_field(f)])


def _year_phrase(f: CronField) -> str:
    items = f.items
    if len(items) == 1 and items[0].kind == "range" and items[0].low < items[0].high:
        return f"in {items[0].low} through {items[0].high}"
    values = expand_field(f)
    if len(values) > 6:
        return f"in {len(values)} selected years from {values[0]} to {values[-1]}"
    return "only in " + _join([str(v) for v in values])


def _normalise(f: CronField, croniter_star: bool) -> CronField:
    """Describe what croniter does, not how it was written: 1-1 (the whole cycle in croniter) reads
    as *, and a step that selects one value (1-31/40) as that value."""
    items = []
    for item in f.items:
        values = expand_item(f.index, item)
        fmin, fmax = FIELD_RANGES[f.index]
        if item.kind in ("range", "step") and values == list(range(fmin, fmax + 1)):
            item = CronItem("any", item.start, item.end, fmin, fmax, text=item.text)
        elif item.kind == "step" and len(values) == 1:
            item = CronItem("value", item.start, item.end, values[0], values[0], text=item.text)
        items.append(item)
    if f.index in (DOM, DOW):
        # Whether a day field counts as "*" decides croniter's OR rule, so ask croniter.
        if croniter_star:
            items = [CronItem("any", f.start, f.end, *FIELD_RANGES[f.index], text="*")]
        else:
            items = [i if i.kind != "any" else CronItem("range", i.start, i.end, *FIELD_RANGES[f.index],
                                                         text=i.text) for i in items]
    elif set(expand_field(f)) == set(range(FIELD_RANGES[f.index][0],
                                                                          FIELD_RANGES[f.index][1] + 1)) \
            and not any(i.kind == "random" for i in items):
        items = [CronItem("any", f.start, f.end, *FIELD_RANGES[f.index], text="*")]
    return CronField(f.index, f.text, f.start, f.end, tuple(items))


def _random_phrase(fields: list[CronField]) -> str | None:
    randoms = [f for f in fields if any(i.kind == "random" for i in f.items)]
    if not randoms:
        return None
    names = _join([f"a random {f.name}" for f in randoms])
    return f"At {names}, drawn again for every run, of the cron '{' '.join(f.text for f in fields)}'"


def _describe(fields: list[CronField]) -> str:
    random = _random_phrase(fields)
    if random:
        return random
    from croniter import croniter

    expanded = croniter(" ".join(f.text for f in fields)).expanded
    fields = [_normalise(f, expanded[f.index] == ["*"]) for f in fields]
    minute, hour, dom, month, dow = fields[MINUTE], fields[HOUR], fields[DOM], fields[MONTH], fields[DOW]
    second = fields[SECOND] if len(fields) > SECOND else None
    year = fields[YEAR] if len(fields) > YEAR else None
    text, clock = _time_phrase(minute, hour, second)
    day_restricted = not dom.is_any or not dow.is_any or not month.is_any
    if not dom.is_any and not month.is_any and _single(dom) is not None and _single(month) is not None:
        # 0 0 1 1 * reads better as "on January 1" than as day 1 of the month, only in January.
        text += f" on {MONTH_FULL[_single(month) - 1]} {_single(dom)}"
        if not dow.is_any:
            text += _or_weekdays(dow)
    else:
        if not dom.is_any:
            text += " " + _dom_phrase(dom)
            if not dow.is_any:
                text += _or_weekdays(dow)
        elif not dow.is_any:
            alone = _dow_phrase(dow)[0]
            text += (" " if alone.startswith("on ") else ", ") + alone
        if not month.is_any:
            text += ", " + _month_phrase(month)
    if clock and not day_restricted:
        text += ", every day"
    if year is not None and not year.is_any:
        text += ", " + _year_phrase(year)
    return text
