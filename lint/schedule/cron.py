"""Cron parsing and validation for `wflint.schedule` (validity is in `validate`).

Airflow 3 turns a `schedule` string into a cron timetable whose `validate()` is nothing more than
`croniter(expression)` after mapping its own presets (@hourly, @daily, @weekly, @monthly, @quarterly,
@yearly); `@once` and `@continuous` are matched exactly before that. So "valid" here means "croniter
accepts it". The parser below re-implements croniter's grammar so that every problem can point at the
offending token; the installed croniter stays the final judge (see `check_cron`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field


# Field order as croniter reads it: the 6th field is seconds, the 7th the year.
MINUTE, HOUR, DOM, MONTH, DOW, SECOND, YEAR = range(7)

FIELD_NAMES = ("minute", "hour", "day-of-month", "month", "day-of-week", "second", "year")
# Ranges as croniter enforces them; day-of-week also takes 7 (an alias of Sunday).
FIELD_RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 6), (0, 59), (1970, 2099))

MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
DOW_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
MONTH_FULL = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
DOW_FULL = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")

# Airflow maps these itself (airflow/utils/dates.py `cron_presets`; the task SDK keeps a copy).
AIRFLOW_PRESETS = {
    "@hourly": "0 * * * *",
    "@daily": "0 0 * * *",
    "@weekly": "0 0 * * 0",
    "@monthly": "0 0 1 * *",
    "@quarterly": "0 0 1 */3 *",
    "@yearly": "0 0 1 1 *",
}
# croniter's own aliases, matched case-insensitively (so "@DAILY" and "@annually" work too).
CRONITER_ALIASES = {
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
    "@daily": "0 0 * * *",
    "@weekly": "0 0 * * 0",
    "@monthly": "0 0 1 * *",
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
}
# Not cron at all: Airflow builds OnceTimetable / ContinuousTimetable on an exact, case-sensitive match.
SPECIAL_PRESETS = ("@once", "@continuous")
KNOWN_PRESETS = ("@once", "@continuous", "@hourly", "@daily", "@weekly", "@monthly", "@quarterly",
                 "@yearly", "@annually", "@midnight")

# croniter splits on ASCII whitespace only (its field regex is \S+ under re.ASCII).
_FIELD_RE = re.compile(r"[^ \t\n\r\x0b\x0c]+")
_INT_RE = re.compile(r"\d+", re.ASCII)
_HASH_RE = re.compile(r"(?P<kind>[hr])(?:\((?P<lo>\d+)-(?P<hi>\d+)\))?(?:/(?P<step>\d+))?", re.ASCII)
_RANGE_RE = re.compile(r"(?P<lo>[^-]+)-(?P<hi>[^-/]+)(?:/(?P<step>.*))?", re.ASCII)
_START_STEP_RE = re.compile(r"(?P<lo>[^/]+)/(?P<step>.*)", re.ASCII)
_NEAREST_WEEKDAY_RE = re.compile(r"(?:(?P<a>\d+)w|w(?P<b>\d+))", re.ASCII)


@dataclass(frozen=True)
class ScheduleProblem:
    """One problem in a schedule string; `start`/`end` are code-point offsets into that string."""

    start: int
    end: int
    message: str
    severity: str  # "error" | "warning"
    kind: str


@dataclass(frozen=True)
class CronItem:
    """One comma-separated item of a field, already resolved to numbers.

    kind: "any" (*), "value", "range" (low-high, maybe wrapping past the field's end), "step"
    (low-high/step, also */step and low/step), "last-day" (L in day-of-month), "nearest-weekday"
    (15W), "nth-weekday" (MON#2; low..high are the weekdays), "last-weekday" (L5), "random" (R).
    """

    kind: str
    start: int
    end: int
    low: int | None = None
    high: int | None = None
    step: int | None = None
    nth: int | None = None
    text: str = ""


@dataclass(frozen=True)
class CronField:
    index: int
    text: str
    start: int
    end: int
    items: tuple[CronItem, ...]

    @property
    def name(self) -> str:
        return FIELD_NAMES[self.index]

    @property
    def is_any(self) -> bool:
        return all(item.kind == "any" for item in self.items)


@dataclass
class ParsedCron:
    text: str
    fields: list[CronField] = field(default_factory=list)
    problems: list[ScheduleProblem] = field(default_factory=list)

    @property
    def has_error(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


class _ItemError(Exception):
    def __init__(self, message: str, start: int, end: int, kind: str = "cron-syntax"):
        super().__init__(message)
        self.message, self.start, self.end, self.kind = message, start, end, kind


# No cron field holds a number of more digits than this; longer ones are not converted at all
# (a number of thousands of digits is more than CPython converts from text).
_MAX_FIELD_DIGITS = 9


def _int(digits: str, start: int, end: int) -> int:
    """The value of a field's ASCII digits, or an out-of-range error when there are too many."""
    significant = digits.lstrip("0")
    if len(significant) > _MAX_FIELD_DIGITS:
        shown = digits if len(digits) <= 20 else digits[:12] + "\u2026"
        raise _ItemError(f"'{shown}' ({len(digits)} digits) is out of range for every cron field",
                         start, end, "cron-out-of-range")
    return int(significant or "0")


def split_fields(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _FIELD_RE.finditer(text)]


def _range_text(index: int) -> str:
    low, high = FIELD_RANGES[index]
    if index == DOW:
        return "0-7 (0 and 7 are Sunday)"
    return f"{low}-{high}"


def _name_suggestion(index: int, word: str) -> str | None:
    names = MONTH_NAMES if index == MONTH else DOW_NAMES if index == DOW else ()
    if not names:
        return None
    lower = word.lower()
    if lower[:3] in names:  # MONDAY, January, Tues...
        guess = lower[:3]
    else:
        close = difflib.get_close_matches(lower, names, n=1, cutoff=0.6)
        if not close:
            return None
        guess = close[0]
    return guess.upper() if word.isupper() else guess.capitalize() if word[:1].isupper() else guess


def _to_number(index: int, token: str, start: int, *, allow_last: bool = False) -> int | str:
    """Resolve a number or name as croniter does; returns an int, or "l" where L is allowed."""
    lower = token.lower()
    end = start + len(token)
    if not token:
        raise _ItemError(f"missing {FIELD_NAMES[index]} value", start, end)
    if _INT_RE.fullmatch(token):
        return _int(token, start, end)
    if token.startswith("-"):
        raise _ItemError("negative numbers are not allowed", start, end)
    if index == MONTH and lower in MONTH_NAMES:
        return MONTH_NAMES.index(lower) + 1
    if index == DOW and lower in DOW_NAMES:
        return DOW_NAMES.index(lower)
    if allow_last and lower == "l":
        return "l"
    suggestion = _name_suggestion(index, token)
    if suggestion:
        kind_of = "month" if index == MONTH else "weekday"
        raise _ItemError(f"'{token}' is not a {kind_of} name; did you mean '{suggestion}'? "
                         f"(only three-letter names are understood)", start, end, "cron-unknown-name")
    if index in (MONTH, DOW):
        names = "JAN-DEC" if index == MONTH else "SUN-SAT"
        raise _ItemError(f"'{token}' is not a valid {FIELD_NAMES[index]} value "
                         f"(use {_range_text(index)} or {names})", start, end)
    raise _ItemError(f"'{token}' is not a valid {FIELD_NAMES[index]} value "
                     f"(use a number in {_range_text(index)})", start, end)


def _check_range(index: int, value: int, start: int, end: int) -> int:
    low, high = FIELD_RANGES[index]
    if index == DOW and value == 7:
        return 0
    if not low <= value <= high:
        raise _ItemError(f"{FIELD_NAMES[index]} {value} is out of range {_range_text(index)}",
                         start, end, "cron-out-of-range")
    return value


def _parse_step(step_text: str, start: int) -> int:
    end = start + len(step_text)
    if not _INT_RE.fullmatch(step_text):
        raise _ItemError(f"step '{step_text}' must be a whole number", start, end)
    step = _int(step_text, start, end)
    if step == 0:
        raise _ItemError("step 0 is not allowed (use 1 or more)", start, end, "cron-step-zero")
    return step


def _parse_plain_item(index: int, text: str, start: int) -> CronItem:
    """`*`, `*/n`, `a`, `a-b`, `a-b/n`, `a/n` with numbers or names."""
    end = start + len(text)
    fmin, fmax = FIELD_RANGES[index]
    if text == "*":
        return CronItem("any", start, end, fmin, fmax, text=text)
    if text.startswith("*/"):
        step = _parse_step(text[2:], start + 2)
        return CronItem("step", start, end, fmin, fmax, step, text=text)
    if text.startswith("-"):
        raise _ItemError("negative numbers are not allowed", start, end)
    m = _RANGE_RE.fullmatch(text)
    if m:
        lo_s, hi_s, step_s = m.group("lo"), m.group("hi"), m.group("step")
        lo_pos, hi_pos = start + m.start("lo"), start + m.start("hi")
        step = _parse_step(step_s, start + m.start("step")) if step_s is not None else 1
        # croniter only lets L close a day-of-month range (1-L); anywhere else it is rejected.
        lo = _to_number(index, lo_s, lo_pos)
        hi = _to_number(index, hi_s, hi_pos, allow_last=index == DOM)
        if isinstance(lo, str) or lo_s.lower() == "l":
            raise _ItemError("L can only end a range (e.g. 15-L)", lo_pos, lo_pos + len(lo_s))
        hi = fmax if hi == "l" else hi
        lo_v = 0 if index == DOW and lo == 7 else lo
        hi_v = 0 if index == DOW and hi == 7 else hi
        for value, pos, token in ((hi, hi_pos, hi_s), (lo, lo_pos, lo_s)):
            if value > fmax and not (index == DOW and value == 7):
                _check_range(index, value, pos, pos + len(token))
        if lo_v < fmin:  # a wrapping range whose end is below the minimum is fine: nothing is generated
            _check_range(index, lo_v, lo_pos, lo_pos + len(lo_s))
        kind = "step" if step_s is not None else "range"
        return CronItem(kind, start, end, lo_v, hi_v, step, text=text)
    m = _START_STEP_RE.fullmatch(text)
    if m:
        lo_s = m.group("lo")
        lo_pos = start + m.start("lo")
        step = _parse_step(m.group("step"), start + m.start("step"))
        lo = _to_number(index, lo_s, lo_pos)
        if isinstance(lo, str):
            raise _ItemError("L can only end a range (e.g. 15-L)", lo_pos, lo_pos + len(lo_s))
        lo = _check_range(index, lo, lo_pos, lo_pos + len(lo_s))
        return CronItem("step", start, end, lo, fmax, step, text=text)
    value = _to_number(index, text, start, allow_last=index == DOM)
    if value == "l":
        return CronItem("last-day", start, end, text=text)
    value = _check_range(index, value, start, end)
    return CronItem("value", start, end, value, value, text=text)


def _parse_dow_item(text: str, start: int) -> CronItem:
    lower = text.lower()
    end = start + len(text)
    if "#" in text:
        head, _, tail = text.rpartition("#")
        tail_pos = start + len(head) + 1
        if not head:
            raise _ItemError("'#' needs a weekday before it, e.g. MON#2", start, end)
        if not _INT_RE.fullmatch(tail) or not 1 <= _int(tail, tail_pos - 1, end) <= 5:
            raise _ItemError(f"'#{tail}': the occurrence after # must be 1-5 (e.g. MON#2 = second Monday)",
                             tail_pos - 1, end, "cron-out-of-range")
        if "/" in head or head == "*" or ("-" in head and not re.fullmatch(r"[a-z]{3}-[a-z]{3}", head.lower())):
            raise _ItemError(f"'{head}#' is not supported: # follows a single weekday (e.g. MON#2)",
                             start, start + len(head))
        inner = _parse_plain_item(DOW, head, start)
        return CronItem("nth-weekday", start, end, inner.low, inner.high, None, _int(tail, tail_pos - 1, end), text=text)
    m = re.fullmatch(r"l(\d+)", lower)
    if m:
        day = _check_range(DOW, _int(m.group(1), start + 1, end), start + 1, end)
        return CronItem("last-weekday", start, end, day, day, text=text)
    if lower == "l":
        raise _ItemError("L alone is not understood in day-of-week; write L5 for the last Friday "
                         "of the month (or L in day-of-month for its last day)", start, end, "cron-unsupported")
    if re.fullmatch(r"(\d+|[a-z]{3})l", lower):
        raise _ItemError(f"'{text}' (Quartz/AWS order) is not understood; croniter writes the last "
                         f"weekday of the month as L{text[:-1]}", start, end, "cron-unsupported")
    return _parse_plain_item(DOW, text, start)


def _parse_dom_item(text: str, start: int, alone: bool) -> tuple[CronItem, ScheduleProblem | None]:
    lower = text.lower()
    end = start + len(text)
    if lower == "lw":
        raise _ItemError("LW (last weekday of the month) is not supported by croniter", start, end,
                         "cron-unsupported")
    if re.fullmatch(r"l-\d+", lower):
        raise _ItemError(f"'{text}' (days before the end of the month) is not supported by croniter",
                         start, end, "cron-unsupported")
    m = _NEAREST_WEEKDAY_RE.fullmatch(lower)
    if m:
        day = _int(m.group("a") or m.group("b"), start, end)
        if not 1 <= day <= 31:
            raise _ItemError(f"day-of-month {day} is out of range 1-31", start, end, "cron-out-of-range")
        if not alone:
            raise _ItemError("W (nearest weekday) must be the only item of day-of-month", start, end,
                             "cron-unsupported")
        # croniter 7 added W; croniter 6.x (the version of the Airflow 3.0 era) rejects it.
        note = ScheduleProblem(start, end, f"'{text}' (weekday nearest day {day}) needs croniter 7 or "
                               "later; with croniter 6.x, which Airflow 3.0 environments often pin, "
                               "Airflow rejects the whole schedule", "warning", "cron-version-dependent")
        return CronItem("nearest-weekday", start, end, day, day, text=text), note
    return _parse_plain_item(DOM, text, start), None


def _parse_field(index: int, text: str, start: int, problems: list[ScheduleProblem],
                 nfields: int = 5) -> CronField:
    end = start + len(text)
    lower = text.lower()
    name = FIELD_NAMES[index]
    if not text.isascii():
        raise _ItemError(f"'{text}' contains characters that are not plain ASCII", start, end)
    hashed = _HASH_RE.fullmatch(lower)
    if hashed:
        if hashed.group("kind") == "h":
            raise _ItemError("H (hashed value) is not supported: Airflow gives croniter no hash id",
                             start, end, "cron-hash")
        lo, hi, step = hashed.group("lo"), hashed.group("hi"), hashed.group("step")
        fmin, fmax = FIELD_RANGES[index]
        if lo is not None:
            lo_i, hi_i = _int(lo, start, end), _int(hi, start, end)
            if lo_i >= hi_i:
                raise _ItemError("in R(a-b) the end must be greater than the start", start, end)
            for bound in (lo_i, hi_i):
                _check_range(index, bound, start, end)
        if step is not None and _int(step, start, end) == 0:
            raise _ItemError("step 0 is not allowed (use 1 or more)", start, end, "cron-step-zero")
        problems.append(ScheduleProblem(
            start, end, f"R picks a random {name} again each time Airflow computes the next run, so "
            "runs happen at unpredictable times; write a fixed value", "warning", "cron-random"))
        low = _int(lo, start, end) if lo else fmin
        high = _int(hi, start, end) if hi else fmax
        return CronField(index, text, start, end, (CronItem("random", start, end, low, high,
                                                            _int(step, start, end) if step else None, text=text),))
    if "?" in text:
        if text != "?":
            raise _ItemError("'?' cannot be combined with other characters", start, end)
        if index not in (DOM, DOW):
            hint = ""
            if index == SECOND and nfields == 6:
                hint = " (Airflow reads the 6th field as seconds)"
            elif nfields == 7:
                hint = (" (this looks like a Quartz cron with seconds first; Airflow reads 7 fields as "
                        "minute hour day-of-month month day-of-week second year)")
            raise _ItemError(f"'?' is only allowed in day-of-month or day-of-week, not in {name}{hint}",
                             start, end, "cron-question-mark")
        # croniter treats ? exactly like *.
        return CronField(index, text, start, end, (CronItem("any", start, end, *FIELD_RANGES[index],
                                                            text=text),))
    items: list[CronItem] = []
    pos = start
    parts = text.split(",")
    for i, part in enumerate(parts):
        if not part:
            comma = pos if i < len(parts) - 1 else pos - 1
            raise _ItemError(f"empty item in the {name} list (stray comma)", comma, comma + 1)
        if index == DOW:
            item = _parse_dow_item(part, pos)
        elif index == DOM:
            item, note = _parse_dom_item(part, pos, alone=len(parts) == 1)
            if note:
                problems.append(note)
        else:
            item = _parse_plain_item(index, part, pos)
        items.append(item)
        pos += len(part) + 1
    if index == DOW:
        # croniter refuses MON#2 next to plain weekdays, unless the plain ones are the same weekdays
        # or the list covers the whole week anyway.
        special = [it for it in items if it.kind in ("nth-weekday", "last-weekday")]
        plain = [it for it in items if it.kind not in ("nth-weekday", "last-weekday")]
        special_days = {d for it in special for d in expand_item(DOW, it)}
        plain_days = {d for it in plain for d in expand_item(DOW, it)}
        if special and plain_days - special_days and plain_days | special_days != set(range(7)):
            raise _ItemError("day-of-week cannot mix plain weekdays with MON#2 or L5 forms in one list",
                             start, end, "cron-unsupported")
    return CronField(index, text, start, end, tuple(items))


def expand_item(index: int, item: CronItem) -> list[int]:
    """The values one item selects, with croniter's quirks (wrapping ranges, equal ranges)."""
    fmin, fmax = FIELD_RANGES[index]
    if item.kind in ("any",):
        return list(range(fmin, fmax + 1))
    if item.kind in ("value", "nearest-weekday", "last-weekday", "random"):
        return [item.low] if item.kind != "random" else list(range(item.low, item.high + 1))
    if item.kind == "last-day":
        return []
    if item.kind == "nth-weekday":
        return expand_item(index, CronItem("range", item.start, item.end, item.low, item.high, 1))
    low, high, step = item.low, item.high, item.step or 1
    if low == high and "-" in item.text:
        # croniter reads an equal range (1-1, JAN-JAN) as the whole cycle.
        return list(range(fmin, fmax + 1, step))
    if low <= high:
        return list(range(low, high + 1, step))
    # A wrapping range (FRI-MON, 22-2) runs to the field's end and on from its start; croniter
    # carries the step across the wrap.
    first = list(range(low, fmax + 1, step))
    skip = 0
    if first:
        left = fmax - first[-1]
        if first[-1] - fmin + step > fmax - fmin + 1 and left < step:
            skip = step - left
    return first + list(range(fmin + skip, high + 1, step))


def expand_field(f: CronField) -> list[int]:
    values: set[int] = set()
    for item in f.items:
        values.update(expand_item(f.index, item))
    return sorted(values)


def parse_cron_fields(text: str) -> ParsedCron:
    """Parse a cron expression (no preset) into fields, collecting problems instead of raising."""
    parsed = ParsedCron(text)
    odd_space = next((i for i, c in enumerate(text) if c.isspace() and not c.isascii()), None)
    if odd_space is not None:
        # Typically a non-breaking space pasted from a web page: croniter does not split on it.
        parsed.problems.append(ScheduleProblem(odd_space, odd_space + 1, f"U+{ord(text[odd_space]):04X} is not "
                                               "a plain space; croniter only separates fields with ASCII "
                                               "spaces or tabs", "error", "cron-syntax"))
        return parsed
    fields = split_fields(text)
    if len(fields) not in (5, 6, 7):
        if not fields:
            parsed.problems.append(ScheduleProblem(0, len(text), "the schedule is empty", "error",
                                                   "cron-field-count"))
            return parsed
        first, last = fields[0][1], fields[-1][2]
        if len(fields) > 7:
            first = fields[7][1]
            msg = (f"cron takes 5 fields (minute hour day-of-month month day-of-week), found "
                   f"{len(fields)}; Airflow accepts at most 7")
        else:
            msg = (f"cron takes 5 fields (minute hour day-of-month month day-of-week), found "
                   f"{len(fields)}")
        parsed.problems.append(ScheduleProblem(first, last, msg, "error", "cron-field-count"))
        return parsed
    for index, (ftext, fstart, _fend) in enumerate(fields):
        try:
            parsed.fields.append(_parse_field(index, ftext, fstart, parsed.problems, len(fields)))
        except _ItemError as err:
            parsed.problems.append(ScheduleProblem(err.start, err.end, err.message, "error", err.kind))
    return parsed


def croniter_error(expression: str) -> str | None:
    """None when croniter (as Airflow calls it) accepts `expression`, else its message."""
    from croniter import croniter  # imported when first needed: it costs ~50 ms of start-up

    try:
        croniter(expression)
    except Exception as err:  # Airflow rejects the DAG on any exception here, not only CroniterBadCronError.
        return str(err) or type(err).__name__
    return None


def locate_croniter_error(text: str) -> tuple[int, int]:
    """Find the field croniter objects to by trying each field alone among wildcards."""
    fields = split_fields(text)
    if len(fields) not in (5, 6, 7):
        return (fields[0][1], fields[-1][2]) if fields else (0, len(text))
    for index, (ftext, fstart, fend) in enumerate(fields):
        probe = ["*"] * len(fields)
        probe[index] = ftext
        if croniter_error(" ".join(probe)) is not None:
            return fstart, fend
    return fields[0][1], fields[-1][2]
