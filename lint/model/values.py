"""Reading typed values out of YAML nodes the way DAG Factory builds them."""

from __future__ import annotations

from ..yaml.tree import Mapping, Node, Scalar, iter_pairs

TIMEDELTA_TYPES = ("datetime.timedelta", "timedelta")
_UNIT_SECONDS = {
    "weeks": 604800, "days": 86400, "hours": 3600, "minutes": 60, "seconds": 1,
    "milliseconds": 0.001, "microseconds": 0.000001,
}


def object_type(node: Node) -> str | None:
    """The `__type__` of a DAG Factory object mapping, if it is one."""
    if type(node) is not Mapping:
        return None
    for key, value in iter_pairs(node):
        if type(key) is Scalar and key.value == "__type__" and type(value) is Scalar:
            return str(value.value)
    return None


def duration_seconds(node: Node) -> float | None:
    """Seconds of a duration written as a number or as `__type__: datetime.timedelta` with
    keyword arguments; None when it is not statically known (templated, `$VAR`, other types)."""
    if type(node) is Scalar:
        value = node.typed
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return as_float(value)
        return None
    if object_type(node) not in TIMEDELTA_TYPES:
        return None
    total = 0.0
    for key, value in iter_pairs(node):
        if type(key) is not Scalar or key.value in ("__type__", "__args__"):
            continue
        factor = _UNIT_SECONDS.get(key.value)
        if factor is None or type(value) is not Scalar:
            return None
        amount = value.typed
        if not isinstance(amount, (int, float)) or isinstance(amount, bool):
            return None
        total += as_float(amount) * factor
    return total


def as_float(value: int | float) -> float:
    """A YAML number as a float; an int beyond the float range is infinity, not OverflowError."""
    try:
        return float(value)
    except OverflowError:
        return float("inf") if value > 0 else float("-inf")


def format_seconds(seconds: float) -> str:
    if not abs(seconds) < 1e15:  # infinity, or beyond what a timedelta holds (999,999,999 days)
        return "more seconds than Python's timedelta can hold"
    if seconds >= 3600 and seconds % 3600 == 0:
        hours = int(seconds // 3600)
        return f"{hours} hour{'s' if hours != 1 else ''}"
    if seconds >= 60 and seconds % 60 == 0:
        minutes = int(seconds // 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{seconds:g} seconds"
