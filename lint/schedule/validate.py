"""Whether a schedule string is valid as Airflow 3 judges it, and what is suspicious about it
(explanations, run times, dates and zones are the package's other modules).

Pure functions over strings; nothing here knows about YAML documents or the lint model.

What Airflow 3 accepts (airflow/sdk/definitions/dag.py `_create_timetable`, timetables/_cron.py):
- `@once` and `@continuous`, matched exactly (case and whitespace matter);
- otherwise the string goes to a cron timetable: Airflow maps its presets (@hourly @daily @weekly
  @monthly @quarterly @yearly), and `validate()` is `croniter(expression)`: whatever croniter
  accepts is a valid schedule. croniter also knows @midnight and @annually, in any case.
- croniter takes 5, 6 or 7 fields: minute hour day-of-month month day-of-week [second [year]].

`ScheduleProblem.kind` values. Errors: cron-empty, cron-field-count, cron-out-of-range,
cron-syntax, cron-unknown-name, cron-step-zero, cron-question-mark, cron-hash, cron-unsupported,
cron-invalid (croniter's own message, when no finer diagnosis applies), unknown-preset,
preset-case, preset-whitespace, eventbridge-wrapper. Warnings: cron-eventbridge,
cron-seconds-field, cron-seconds-year, cron-version-dependent, cron-random, cron-equal-range,
cron-step-too-large, cron-uneven-step, cron-dom-dow-or, cron-never-fires.
"""

from __future__ import annotations

import re
from datetime import datetime


from wflint.schedule.cron import (
    AIRFLOW_PRESETS,
    CRONITER_ALIASES,
    DOM,
    DOW,
    HOUR,
    KNOWN_PRESETS,
    MINUTE,
    MONTH,
    SECOND,
    SPECIAL_PRESETS,
    CronField,
    ParsedCron,
    ScheduleProblem,
    croniter_error,
    expand_field,
    expand_item,
    locate_croniter_error,
    parse_cron_fields,
    split_fields,
)

_WRAPPER_RE = re.compile(r"\s*(?P<kind>cron|rate)\s*\((?P<inner>.*)\)\s*", re.IGNORECASE | re.DOTALL)
_RATE_RE = re.compile(r"\s*(?P<n>\d+)\s+(?P<unit>minute|minutes|hour|hours|day|days)\s*", re.IGNORECASE)


def is_none_schedule(text: str) -> bool:
    """DAG Factory turns the string `None` (any case, surrounding whitespace ignored) into no schedule."""
    return isinstance(text, str) and text.strip().lower() == "none"


def cron_expression_for(expr: str) -> str | None:
    """The cron expression Airflow will run for `expr` (presets resolved), or None when it is not cron
    (`@once`, `@continuous`, a None schedule)."""
    if expr in SPECIAL_PRESETS or is_none_schedule(expr):
        return None
    if expr in AIRFLOW_PRESETS:
        return AIRFLOW_PRESETS[expr]
    return CRONITER_ALIASES.get(expr.lower(), expr)


def check_cron(expr: str) -> list[ScheduleProblem]:
    """Problems with a `schedule` string. Errors are exactly what Airflow 3 rejects; warnings flag
    schedules Airflow accepts but that probably do not do what their author meant."""
    if expr in SPECIAL_PRESETS or expr in AIRFLOW_PRESETS or expr.lower() in CRONITER_ALIASES:
        return []
    stripped = expr.strip()
    lead = len(expr) - len(expr.lstrip())
    span = (lead, lead + len(stripped))
    if not stripped:
        return [ScheduleProblem(0, len(expr), "the schedule is empty; write a cron expression, a preset "
                                "such as @daily, or None", "error", "cron-empty")]
    if stripped.startswith("@"):
        return [_preset_problem(stripped, span, padded=stripped != expr)]
    wrapper = _WRAPPER_RE.fullmatch(expr)
    if wrapper:
        return [_wrapper_problem(wrapper, span)]

    parsed = parse_cron_fields(expr)
    problems = list(parsed.problems)
    # croniter is the judge, but an expression our grammar reads cleanly from plain numbers,
    # names, ranges and steps is one it accepts: skip importing it (~50 ms) for the common case.
    truth = None if not problems and _plain(parsed) else croniter_error(expr)
    errors = [p for p in problems if p.severity == "error"]
    if truth is None and errors:
        # Our grammar is stricter than croniter here; croniter is what Airflow runs, so never an error.
        problems = [p if p.severity != "error" else ScheduleProblem(
            p.start, p.end, p.message + " (croniter accepts it anyway)", "warning", p.kind) for p in problems]
    elif truth is not None and not errors and not any(p.kind == "cron-version-dependent" for p in problems):
        start, end = locate_croniter_error(expr)
        problems.append(ScheduleProblem(start, end, f"Airflow rejects this schedule: croniter says "
                                        f"\"{truth}\"", "error", "cron-invalid"))
    problems = _add_field_count_hints(parsed, problems)
    if truth is None and len(parsed.fields) in (5, 6, 7):
        problems.extend(_semantic_warnings(expr, parsed))
    return sorted(problems, key=lambda p: (p.start, p.severity != "error"))


def _preset_problem(stripped: str, span: tuple[int, int], padded: bool) -> ScheduleProblem:
    lower = stripped.lower()
    if lower in SPECIAL_PRESETS or lower in AIRFLOW_PRESETS or lower in CRONITER_ALIASES:
        if padded:
            return ScheduleProblem(*span, f"remove the spaces around '{stripped}': Airflow only recognises "
                                   "a preset written exactly", "error", "preset-whitespace")
        return ScheduleProblem(*span, f"'{stripped}' must be written in lower case: '{lower}' "
                               "(Airflow matches it exactly)", "error", "preset-case")
    import difflib

    close = difflib.get_close_matches(lower, KNOWN_PRESETS, n=1, cutoff=0.5)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return ScheduleProblem(*span, f"unknown preset '{stripped}'{hint} (presets: "
                           f"{', '.join(KNOWN_PRESETS)})", "error", "unknown-preset")


def _aws_to_unix(fields: list[str]) -> str:
    return " ".join("*" if f == "?" else f for f in fields[:5])


def _wrapper_problem(match: re.Match, span: tuple[int, int]) -> ScheduleProblem:
    kind, inner = match.group("kind").lower(), match.group("inner").strip()
    if kind == "cron":
        fields = inner.split()
        suggestion = f" ('{_aws_to_unix(fields)}')" if len(fields) == 6 else ""
        return ScheduleProblem(*span, f"'{kind}(...)' is Amazon EventBridge syntax, which Airflow does "
                               f"not understand: write the plain 5-field cron without the wrapper and "
                               f"without EventBridge's year field{suggestion}", "error", "eventbridge-wrapper")
    rate = _RATE_RE.fullmatch(inner)
    suggestion = ""
    if rate:
        n, unit = int(rate.group("n")), rate.group("unit").lower().rstrip("s")
        if n > 0:
            if unit == "minute" and 60 % n == 0:
                suggestion = f" ('{'*' if n == 1 else '*/' + str(n)} * * * *')"
            elif unit == "hour" and 24 % n == 0:
                suggestion = f" ('0 {'*' if n == 1 else '*/' + str(n)} * * *')"
            elif unit == "day" and n == 1:
                suggestion = " ('@daily')"
            else:
                suggestion = (f" (or a datetime.timedelta schedule: __type__: datetime.timedelta with "
                              f"{unit}s: {n})")
    return ScheduleProblem(*span, "'rate(...)' is Amazon EventBridge syntax, which Airflow does not "
                           f"understand: write a cron expression{suggestion}", "error", "eventbridge-wrapper")


def _add_field_count_hints(parsed: ParsedCron, problems: list[ScheduleProblem]) -> list[ScheduleProblem]:
    """Explain errors in a 6th/7th field: people write years and Quartz seconds there."""
    fields = split_fields(parsed.text)
    if len(fields) != 6:
        return problems
    _, s_start, s_end = fields[SECOND]
    out = []
    for p in problems:
        if p.severity == "error" and s_start <= p.start < s_end and "6th field" not in p.message:
            five = _aws_to_unix([f for f, _, _ in fields])
            p = ScheduleProblem(p.start, p.end, f"{p.message}; Airflow reads a 6th field as seconds, not "
                                f"as a year: drop it ('{five}')", p.severity, p.kind)
        out.append(p)
    return out


def _hhmm(hour: int, minute: int, second: int | None = None) -> str:
    return f"{hour:02d}:{minute:02d}" + (f":{second:02d}" if second is not None else "")


def _semantic_warnings(expr: str, parsed: ParsedCron) -> list[ScheduleProblem]:
    fields = parsed.fields
    out: list[ScheduleProblem] = []
    if len(fields) >= 6:
        out.append(_seconds_warning(fields))
    for f in fields:
        for item in f.items:
            values = expand_item(f.index, item)
            if item.kind in ("range", "step") and item.low == item.high and "-" in item.text:
                out.append(ScheduleProblem(item.start, item.end, f"croniter reads the equal range "
                                           f"'{item.text}' as the whole {f.name} cycle, not as one value; "
                                           f"write '{item.text.split('-')[0]}' for a single value",
                                           "warning", "cron-equal-range"))
            elif item.kind == "step" and item.step and item.step > 1 and len(values) == 1:
                out.append(ScheduleProblem(item.start, item.end, f"step {item.step} does not fit in the "
                                           f"{f.name} range, so this only ever selects {f.name} {values[0]}",
                                           "warning", "cron-step-too-large"))
            elif (item.kind == "step" and item.text.startswith("*/") and f.index in (MINUTE, HOUR, SECOND)
                  and len(values) > 1):
                cycle = 24 if f.index == HOUR else 60
                if cycle % item.step:
                    unit = "hour" if f.index == HOUR else f.name
                    gap = cycle - values[-1]
                    outer = "day" if f.index == HOUR else "hour" if f.index == MINUTE else "minute"
                    out.append(ScheduleProblem(item.start, item.end, f"{item.text} restarts at {unit} 0 "
                                               f"every {outer}: after {unit} {values[-1]} the next run is "
                                               f"{gap} {unit}{'s' if gap != 1 else ''} later, not {item.step}",
                                               "warning", "cron-uneven-step"))
    dom, dow = fields[DOM], fields[DOW]
    if not dom.is_any and not dow.is_any:
        out.append(ScheduleProblem(dom.start, dow.end, "day-of-month and day-of-week are both set, so cron "
                                   "runs on days matching EITHER one (not both): "
                                   f"day-of-month '{dom.text}' OR day-of-week '{dow.text}'",
                                   "warning", "cron-dom-dow-or"))
    # Only a restricted day-of-month in restricted months (Feb 30) or an exotic form can never fire.
    may_never_fire = not _plain(parsed) or (not dom.is_any and not fields[MONTH].is_any and dow.is_any)
    never = _never_fires(expr) if may_never_fire else None
    if never and not dom.is_any and any(i.kind in ("nth-weekday", "last-weekday") for i in dow.items):
        never = ("croniter cannot combine a day-of-month with MON#2/L5-style weekdays: it finds no next "
                 "run, so the DAG would never run; use one of the two fields")
    if never:
        out.append(ScheduleProblem(fields[0].start, fields[-1].end, never, "warning", "cron-never-fires"))
    return out


def _seconds_warning(fields: list[CronField]) -> ScheduleProblem:
    sec = fields[SECOND]
    seconds = expand_field(sec)
    minute_vals, hour_vals = expand_field(fields[MINUTE]), expand_field(fields[HOUR])
    question = any(fields[i].text == "?" for i in (DOM, DOW))
    year_like = len(fields) == 6 and sec.text == "*"
    if len(fields) == 7:
        return ScheduleProblem(fields[SECOND].start, fields[-1].end, "Airflow reads 7 fields as minute hour "
                               "day-of-month month day-of-week SECOND YEAR (croniter's order, not Quartz's "
                               "seconds-first order); cron in Airflow normally has 5 fields" +
                               (": '*' as seconds fires every second of each matching minute"
                                if sec.text == "*" else ""), "warning", "cron-seconds-year")
    if len(seconds) == 60:
        if len(minute_vals) == 1 and len(hour_vals) == 1:
            h, m = hour_vals[0], minute_vals[0]
            effect = (f"so instead of once at {_hhmm(h, m)} it runs 60 times, every second from "
                      f"{_hhmm(h, m, 0)} to {_hhmm(h, m, 59)}")
        else:
            effect = "so every matching minute gets 60 runs, one per second"
        effect = f"'*' there means every second, {effect}"
    else:
        listed = ", ".join(str(s) for s in seconds[:5]) + (", ..." if len(seconds) > 5 else "")
        effect = f"this fires at second {listed} of each matching minute"
    five = _aws_to_unix([f.text for f in fields])
    if year_like or question:
        note = ""
        if re.search(r"\d", fields[DOW].text):
            note = (" (careful: EventBridge numbers weekdays 1-7 from Sunday; cron numbers them 0-6 from "
                    "Sunday, so 1 is Monday)")
        return ScheduleProblem(sec.start, sec.end, "this looks like an AWS EventBridge cron (6th field = "
                               f"year), but Airflow reads the 6th field as seconds: {effect}. For the "
                               f"EventBridge meaning write '{five}'{note}", "warning", "cron-eventbridge")
    return ScheduleProblem(sec.start, sec.end, f"Airflow reads the 6th field as seconds: {effect}; cron in "
                           "Airflow normally has 5 fields", "warning", "cron-seconds-field")


_PLAIN_ITEMS = frozenset({"any", "value", "range", "step"})


def _plain(parsed: ParsedCron) -> bool:
    """Five fields of plain numbers, names, ranges and steps (no L, W, #, R, seconds or years)."""
    return len(parsed.fields) == 5 and all(item.kind in _PLAIN_ITEMS for f in parsed.fields for item in f.items)


def _never_fires(expr: str) -> str | None:
    """croniter gives up ("failed to find next date") on schedules no date can match, e.g. 30 2 (Feb 30)."""
    from croniter import CroniterBadDateError, croniter

    try:
        croniter(expr, datetime(2000, 1, 1)).get_next(datetime)
    except CroniterBadDateError:
        return "no date ever matches this schedule (croniter finds no next run), so the DAG will never run"
    except Exception:  # noqa: BLE001 - anything else is croniter's business at validation time
        return None
    return None
