"""Time zones as pendulum (and so Airflow and DAG Factory) reads them: which names exist, with
a did-you-mean, and local times made aware the way Airflow does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class TimezoneCheck:
    valid: bool
    suggestion: str | None = None
    message: str | None = None

    def __bool__(self) -> bool:
        return self.valid


_ABBREVIATIONS = {
    "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles", "CDT": "America/Chicago",
    "EDT": "America/New_York", "CEST": "Europe/Berlin", "BST": "Europe/London", "IST": "Asia/Kolkata",
    "JST": "Asia/Tokyo", "AEST": "Australia/Sydney", "AEDT": "Australia/Sydney", "MSK": "Europe/Moscow",
}


def _zone_keys() -> set[str]:
    import zoneinfo

    return set(zoneinfo.available_timezones())


def is_valid_timezone(name: str) -> TimezoneCheck:
    """Whether pendulum.timezone(name) (what DAG Factory calls) accepts `name`, with a did-you-mean."""
    import zoneinfo

    if not isinstance(name, str) or not name:
        return TimezoneCheck(False, None, "the timezone is empty; use an IANA name such as 'Europe/Berlin'")
    if name.lower() == "utc":
        return TimezoneCheck(True)
    try:
        zoneinfo.ZoneInfo(name)
        return TimezoneCheck(True)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        pass
    keys = _zone_keys()
    if not keys:
        return TimezoneCheck(False, None, f"unknown timezone '{name}' (this machine has no timezone data: "
                             "install the 'tzdata' package)")
    suggestion = _suggest_zone(name, keys)
    hint = f"; did you mean '{suggestion}'?" if suggestion else ""
    return TimezoneCheck(False, suggestion, f"unknown timezone '{name}'{hint} (IANA names are case-sensitive)")


def _suggest_zone(name: str, keys: set[str]) -> str | None:
    import difflib

    stripped = name.strip()
    by_lower = {k.lower(): k for k in keys}
    if stripped.lower() in by_lower:
        return by_lower[stripped.lower()]
    normalized = stripped.replace(" ", "_").lower()
    if normalized in by_lower:
        return by_lower[normalized]
    if stripped.upper() in _ABBREVIATIONS:
        return _ABBREVIATIONS[stripped.upper()]
    by_city = {k.rsplit("/", 1)[-1].lower(): k for k in sorted(keys, key=len, reverse=True) if "/" in k}
    city = normalized.rsplit("/", 1)[-1]
    if city in by_city:
        return by_city[city]
    close = difflib.get_close_matches(normalized, list(by_lower), n=1, cutoff=0.75)
    if close:
        return by_lower[close[0]]
    close = difflib.get_close_matches(city, list(by_city), n=1, cutoff=0.75)
    return by_city[close[0]] if close else None


def zone_for(tz: str) -> timezone | ZoneInfo:
    """The timezone pendulum (and so Airflow) would use for `tz`; raises ValueError if unknown."""
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
