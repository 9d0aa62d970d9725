from __future__ import annotations

from ..diagnostics import Severity
from ..objects import LIST_TYPE, is_env_dependent, judge, type_objects, value_kind
from ..yaml.tree import Scalar, Sequence
from . import Rule, register

# Kinds a value of one kind also satisfies (Python's numeric tower; YAML's bool is an int).
_ALSO = {"int": ("float",), "bool": ("int", "float")}
_KIND_NAMES = {"str": "a string", "int": "an integer", "float": "a number", "bool": "a boolean", "none": "null",
               "list": "a list", "dict": "a mapping", "object": "an object"}


def _fits(kind: str, kinds: frozenset[str]) -> bool:
    return kind in kinds or any(other in kinds for other in _ALSO.get(kind, ()))


def _is_builtin(path: str) -> bool:
    """Classes implemented in C check their argument types themselves, every time."""
    return path.startswith("datetime.")


@register
class InvalidObjectValue(Rule):
    """A `__type__` object argument whose value the constructor refuses.

    ## What it does
    Checks the values of a `__type__` object's arguments against the object catalog of the
    Airflow release (built from the real packages):
    - **errors** for values the constructor certainly refuses: a `datetime.datetime` / `date` /
      `time` field out of its range (`month: 13`, `hour: 24`; the ranges are confirmed against
      the real classes when the catalog is built), a non-integer where `datetime` takes an
      integer, a string for a `timedelta` unit, fractional `years` / `months` of a
      `relativedelta`, an invalid cron expression of a cron timetable (as WF101 judges a cron
      `schedule`), and an unknown `timezone` of a timetable;
    - **warnings** for a plain value that does not fit the constructor's annotation of a
      Python class (a mapping where `str` is annotated) or is outside its `Literal[...]`:
      Python does not check annotations, so the failure may come later or not at all.

    Values DAG Factory fills from the environment (`$VAR`) and nested objects are not judged.

    ## Why is this bad?
    DAG Factory builds the object while it loads the file, so no DAG of the file is created:
    "month must be in 1..12", "unsupported type for timedelta days component: str",
    "Non-integer years and months are ambiguous", "InvalidTimezone: Europe/Berln"; an invalid
    cron fails the DAG's timetable validation.

    ## Example
    ```yaml
    start_date:
      __type__: datetime.datetime
      year: 2024
      month: 13                 # month must be in 1..12
      day: 1
    ```
    """

    code = "WF703"
    name = "invalid-object-value"
    severity = Severity.ERROR
    file_kinds = frozenset({"workflow", "defaults"})

    def check_file(self, ctx, workflow):
        for obj in type_objects(ctx):
            if obj.path.strip() == LIST_TYPE:
                continue
            for target, message, fix, severity in judge(ctx, lambda catalog, obj=obj: self._problems(ctx, catalog, obj)):
                ctx.report(target, message, fix=fix, severity=Severity.parse(severity) if severity else None)

    def _problems(self, ctx, catalog, obj):
        status, canonical = catalog.resolve(obj.path.strip())
        if status != "ok" or not canonical:
            return []
        signature = catalog.signature(canonical)
        if signature is None:
            return []
        name = canonical.rsplit(".", 1)[-1]
        keywords = signature.keywords
        given = [(keywords.get(str(key.value)), value) for key, value in obj.keywords]
        if type(obj.args) is Sequence:
            given += list(zip(signature.positional, obj.args.items))
        problems = []
        for parameter, value in given:
            if parameter is None or is_env_dependent(value):
                continue
            problem = self._value_problem(canonical, name, parameter, value)
            if problem:
                message, severity, *suggested = problem
                fix = None
                if suggested and suggested[0]:  # a did-you-mean: offered as an (unsafe) fix
                    from ..diagnostics import Fix
                    from ..yaml.scalars import replace_scalar

                    fix = Fix(f"Use `{suggested[0]}`", (replace_scalar(ctx.source.text, value, suggested[0]),), safe=False)
                problems.append(((parameter.name, value.start), value, message, fix, severity))
        return problems

    def _value_problem(self, canonical, name, parameter, value):
        kind = value_kind(value)
        if kind is None:
            return None
        label = f"`{parameter.name}` of {name}()"
        if parameter.range and kind == "int" and not isinstance(value.typed, bool):
            low, high = parameter.range
            if not low <= value.typed <= high:
                return (f"{label} must be in {low}..{high}, not {value.typed}; Python raises ValueError and the file "
                        "fails to load", None)
        if parameter.integer_only and kind == "float" and value.typed != int(value.typed):
            return (f"{label} must be a whole number ({name} refuses fractional years and months); Python raises "
                    "ValueError and the file fails to load", None)
        if "timetables" in canonical and parameter.name == "cron" and kind == "str":
            from ..schedule.validate import check_cron

            errors = [p for p in check_cron(value.value) if p.severity == "error"]
            if errors:
                return (f"{label}: {errors[0].message}; Airflow rejects the timetable and the DAG fails to load", None)
        if "timetables" in canonical and parameter.name == "timezone" and kind == "str":
            from ..schedule.zones import is_valid_timezone

            check = is_valid_timezone(value.value)
            if not check:
                return (f"{label}: {check.message}; Airflow raises InvalidTimezone and the file fails to load", None,
                        check.suggestion)
        kinds = parameter.kinds
        if kinds and "object" not in kinds and kind != "object" and not _fits(kind, kinds):
            shown = [k for k in sorted(kinds) if k != "none" and not (k == "int" and "float" in kinds)]
            wanted = " or ".join(_KIND_NAMES.get(k, k) for k in shown)
            if _is_builtin(canonical):
                return (f"{label} must be {wanted}, not {_KIND_NAMES[kind]}; Python raises TypeError and the file "
                        "fails to load", None)
            return (f"{label} is annotated as {wanted}, not {_KIND_NAMES[kind]}; {name} may fail when it is built or "
                    "used", "warning")
        if parameter.choices and kind in ("str", "int", "float", "bool") and value.typed not in parameter.choices:
            options = ", ".join(f"`{c}`" for c in parameter.choices)
            return (f"{label} is one of {options}, not `{value.typed}`", "warning")
        return None
