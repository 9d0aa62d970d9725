"""`start_date` / `end_date` values and timezone names as DAG Factory 1.x reads them.

DAG Factory (dagfactory/utils.py `get_datetime`) takes the value YAML produced:
- a YAML date or datetime (PyYAML's YAML 1.1 timestamps): used with its tzinfo *replaced* by the
  DAG's timezone, so an explicit offset such as +02:00 is silently dropped (the wall time is kept);
- a string: `pendulum.parse` (strict ISO 8601 plus `2024/01/31`-style dates and `6:00` times; the
  word `now`), again with the tzinfo replaced; if pendulum cannot parse it,
- a relative time: `<n> hour`, `<n> minute`, `<n> second` or `<n> day` (plural fine, any case),
  matched at the start of the string only, and meaning "that long before today's midnight". Text
  after the first unit is ignored, so `1 hour 30 minutes` is one hour. Anything else fails
  ("Invalid relative time").
Timezones go through `pendulum.timezone`: IANA names (case-sensitive) or UTC in any case.

`DateProblem.kind` values: date-invalid and date-number (errors: DAG Factory fails), and the
warnings date-offset-ignored, date-relative-ignored and date-dynamic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta


@dataclass(frozen=True)
class DateProblem:
    start: int
    end: int
    message: str
    severity: str  # "error" | "warning"
    kind: str


@dataclass(frozen=True)
class ParsedDate:
    """kind: "date", "datetime", "relative" (value None, `relative` set) or "now" (value None).

    `value` is naive wall-clock time: DAG Factory places it in the DAG's timezone whatever `offset`
    the text carried. `warnings` holds problems that do not stop DAG Factory."""

    kind: str
    value: datetime | None = None
    relative: timedelta | None = None
    offset: timedelta | None = None
    warnings: tuple[DateProblem, ...] = field(default=())

    @property
    def note(self) -> str:
        if self.kind == "relative":
            return (f"relative: {self.relative} before today's midnight, recomputed each time the file "
                    "is parsed")
        if self.kind == "now":
            return "the moment the file is parsed (changes on every parse)"
        return ""


# PyYAML's implicit timestamp resolver (YAML 1.1): what an unquoted scalar turns into a date.
_YAML_TIMESTAMP = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)"
    r"|(?P<y2>\d{4})-(?P<m2>\d\d?)-(?P<d2>\d\d?)(?:[Tt]|[ \t]+)(?P<H>\d\d?):(?P<M>\d\d):(?P<S>\d\d)"
    r"(?:\.(?P<f>\d*))?(?:[ \t]*(?P<tz>Z|[-+]\d\d?(?::\d\d)?))?")
_YAML_INT = re.compile(r"[-+]?(?:0b[01_]+|0[0-7_]+|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])*|0)"
                       r"|[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?")

_ISO_DATE = re.compile(
    r"(?P<y>\d{4})(?:"
    r"-(?P<m>\d\d)(?:-(?P<d>\d\d))?"  # 2024-01, 2024-01-31
    r"|(?P<bm>\d\d)(?P<bd>\d\d)"  # 20240131
    r"|-?W(?P<w>\d\d)(?:-?(?P<wd>[1-7]))?"  # 2024-W05-3
    r"|-?(?P<o>\d{3})"  # 2024-031
    r")?")
_COMMON_DATE = re.compile(r"(?P<y>\d{4})[/:](?P<m>\d\d)[/:](?P<d>\d\d)")
_TZ = r"(?P<tz>Z|[-+]\d\d(?::?\d\d)?)?"
_ISO_TIME_EXTENDED = re.compile(r"(?P<H>\d\d)(?::(?P<M>\d\d)(?::(?P<S>\d\d)(?:[.,](?P<f>\d+))?)?)?" + _TZ)
_ISO_TIME_BASIC = re.compile(r"(?P<H>\d\d)(?:(?P<M>\d\d)(?:(?P<S>\d\d)(?:[.,](?P<f>\d+))?)?)?" + _TZ)
_COMMON_TIME = re.compile(r"(?P<H>\d\d?):(?P<M>\d\d?)(?::(?P<S>\d\d?))?(?:[.,](?P<f>\d{1,9}))?")
_DURATION = re.compile(r"P(?:\d+[YMWD])*(?:T(?:\d+(?:[.,]\d+)?[HMS])+)?|P\d+W", re.IGNORECASE)
_RELATIVE_UNITS = ("hour", "minute", "second", "day")  # the order DAG Factory's pattern expects them in
_RELATIVE = re.compile("".join(rf"(?:(?P<{u}s>\d+)\s+{u})?" for u in _RELATIVE_UNITS), re.IGNORECASE)

_DATE_HELP = "use YYYY-MM-DD, an ISO datetime such as 2024-01-31T06:00:00, or a relative time such as '2 days'"


def _fraction(text: str | None) -> int:
    return int((text or "0")[:6].ljust(6, "0"))


def _offset(text: str | None) -> timedelta | None:
    if not text:
        return None
    if text.upper() == "Z":
        return timedelta(0)
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2] if len(digits) >= 2 else digits), int(digits[2:4] or 0)
    return sign * timedelta(hours=hours, minutes=minutes)


def _offset_warning(text: str, offset: timedelta | None, value: datetime, tz: str) -> tuple[DateProblem, ...]:
    if offset is None:
        return ()
    from wflint.schedule.zones import make_aware, zone_for

    try:
        actual = make_aware(value, zone_for(tz)).utcoffset()
    except ValueError:
        actual = None
    if actual == offset:
        return ()
    tz_text = tz if tz else "UTC"
    return (DateProblem(0, len(text), f"the UTC offset in '{text.strip()}' is ignored: DAG Factory keeps the "
                        f"wall time {value:%H:%M} and puts it in the DAG's timezone ({tz_text})",
                        "warning", "date-offset-ignored"),)


def _build(text: str, y: int, mo: int, d: int, hh: int = 0, mi: int = 0, ss: int = 0,
           micro: int = 0) -> datetime | DateProblem:
    try:
        return datetime(y, mo, d, hh, mi, ss, micro)
    except ValueError as err:
        return DateProblem(0, len(text), f"'{text.strip()}' is not a real date or time ({err})", "error",
                           "date-invalid")


def _parse_yaml_timestamp(text: str, m: re.Match, tz: str) -> ParsedDate | DateProblem:
    g = m.groupdict()
    if g["H"] is None:
        value = _build(text, int(g["y"]), int(g["m"]), int(g["d"]))
        return value if isinstance(value, DateProblem) else ParsedDate("date", value)
    value = _build(text, int(g["y2"]), int(g["m2"]), int(g["d2"]), int(g["H"]), int(g["M"]), int(g["S"]),
                   _fraction(g["f"]))
    if isinstance(value, DateProblem):
        return value
    offset = _offset(g["tz"])
    return ParsedDate("datetime", value, offset=offset, warnings=_offset_warning(text, offset, value, tz))


def _iso_date(m: re.Match) -> tuple[int, int, int] | None:
    g = m.groupdict()
    year = int(g["y"])
    if g["w"]:
        week, weekday = int(g["w"]), int(g["wd"] or 1)
        try:
            found = date.fromisocalendar(year, week, weekday)
        except ValueError:
            return None
        return found.year, found.month, found.day
    if g["o"]:
        ordinal = int(g["o"])
        try:
            found = date(year, 1, 1) + timedelta(days=ordinal - 1)
        except OverflowError:
            return None
        return (found.year, found.month, found.day) if found.year == year and ordinal > 0 else None
    month = int(g["m"] or g["bm"] or 1)
    day = int(g["d"] or g["bd"] or 1)
    return year, month, day


def _parse_pendulum_like(text: str, tz: str) -> ParsedDate | DateProblem | None:
    """What `pendulum.parse` (strict) accepts; None when it would raise its ParserError."""
    if text == "now":
        return ParsedDate("now", warnings=(DateProblem(0, len(text), "'now' changes every time the file is "
                                                       "parsed; use a fixed date", "warning", "date-dynamic"),))
    date_part, sep, time_part = text, "", ""
    for candidate in ("T", " "):
        if candidate in text:
            date_part, sep, time_part = text.partition(candidate)
            break
    dm = _ISO_DATE.fullmatch(date_part) or _COMMON_DATE.fullmatch(date_part)
    if dm is None:
        tm = _COMMON_TIME.fullmatch(text)
        if tm is None:
            return None
        from ..inputs import note_clock

        note_clock()
        today = datetime.now()
        value = _build(text, today.year, today.month, today.day, int(tm["H"]), int(tm["M"]),
                       int(tm["S"] or 0), _fraction(tm["f"]))
        if isinstance(value, DateProblem):
            return None
        return ParsedDate("datetime", value, warnings=(DateProblem(
            0, len(text), f"'{text}' is a time without a date: DAG Factory takes it as today at that time, "
            "which changes every day", "warning", "date-dynamic"),))
    ymd = _iso_date(dm) if dm.re is _ISO_DATE else (int(dm["y"]), int(dm["m"]), int(dm["d"]))
    if ymd is None:
        return None
    if not sep:
        value = _build(text, *ymd)
        return None if isinstance(value, DateProblem) else ParsedDate("date", value)
    if dm.re is _ISO_DATE:
        # pendulum wants an extended time (06:00) after an extended date (2024-01-31).
        basic = dm["bm"] is not None or (dm["w"] is not None and "-" not in date_part) or \
            (dm["o"] is not None and "-" not in date_part)
        tm = _ISO_TIME_EXTENDED.fullmatch(time_part)
        if tm is None and basic:  # a basic date also takes a basic time (20240101T0600)
            tm = _ISO_TIME_BASIC.fullmatch(time_part)
        tz_text = tm["tz"] if tm else None
    else:
        tm = _COMMON_TIME.fullmatch(time_part) if sep == " " else None
        tz_text = None
    if tm is None:
        return None
    value = _build(text, *ymd, int(tm["H"]), int(tm["M"] or 0), int(tm["S"] or 0), _fraction(tm["f"]))
    if isinstance(value, DateProblem):
        return None
    offset = _offset(tz_text)
    return ParsedDate("datetime", value, offset=offset, warnings=_offset_warning(text, offset, value, tz))


def _parse_relative(text: str) -> ParsedDate | DateProblem | None:
    m = _RELATIVE.match(text)
    if m is None or m.end() == 0:
        return None
    values = {unit: v for unit, v in m.groupdict().items() if v}
    try:
        if any(len(v) > 18 for v in values.values()):  # more than any date range (and int() may refuse)
            raise OverflowError
        delta = timedelta(**{unit: int(v) for unit, v in values.items()})
    except OverflowError:
        return DateProblem(0, m.end(), f"'{text[:40]}{'…' if len(text) > 40 else ''}' is a relative time beyond "
                           "what Python's timedelta holds (999,999,999 days): DAG Factory fails with "
                           f"OverflowError: {_DATE_HELP}", "error", "date-invalid")
    rest = text[m.end():]
    warnings: tuple[DateProblem, ...] = ()
    ignored = rest[1:] if rest[:1].lower() == "s" else rest
    if ignored.strip():
        start = len(text) - len(ignored)
        warnings = (DateProblem(start, len(text), f"DAG Factory only reads '{text[:m.end()]}"
                                f"{rest[:len(rest) - len(ignored)]}' here and ignores '{ignored.strip()}'",
                                "warning", "date-relative-ignored"),)
    return ParsedDate("relative", relative=delta, warnings=warnings)


def parse_date_value(text: str, *, quoted: bool = False, tz: str = "UTC") -> ParsedDate | DateProblem:
    """Read a `start_date`/`end_date` scalar as DAG Factory would.

    `quoted`: the YAML scalar was quoted, so YAML leaves it a string (no YAML date or number).
    `tz`: the DAG's timezone, used to tell whether an explicit offset is really being dropped.
    """
    if not quoted:
        m = _YAML_TIMESTAMP.fullmatch(text)
        if m:
            return _parse_yaml_timestamp(text, m, tz)
        if _YAML_INT.fullmatch(text):
            return DateProblem(0, len(text), f"YAML reads {text} as a number, not a date, and DAG Factory "
                               f"cannot use it: {_DATE_HELP}", "error", "date-number")
    parsed = _parse_pendulum_like(text, tz)
    if parsed is not None:
        return parsed
    if _DURATION.fullmatch(text) and len(text) > 1:
        return DateProblem(0, len(text), f"'{text}' is an ISO 8601 duration, which DAG Factory cannot use as "
                           f"a date (it crashes); for a relative start write e.g. '2 days'", "error",
                           "date-invalid")
    if "/" in text and all(_parse_pendulum_like(part, tz) for part in text.split("/", 1)):
        return DateProblem(0, len(text), f"'{text}' is an ISO 8601 interval, not a date: {_DATE_HELP}",
                           "error", "date-invalid")
    relative = _parse_relative(text)
    if relative is not None:
        return relative
    hint = ""
    if re.fullmatch(r"\s*\d+\s+(week|month|year)s?\s*", text, re.IGNORECASE):
        hint = " (relative times only take hours, minutes, seconds or days; e.g. '14 days')"
    elif text != text.strip():
        hint = " (remove the surrounding spaces)"
    return DateProblem(0, len(text), f"'{text}' is not a date DAG Factory understands{hint}: {_DATE_HELP}",
                       "error", "date-invalid")
