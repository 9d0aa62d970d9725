"""The argument checks operator constructors run (schemas/constructor-checks.json, written by
wflint.catalog.constructor_checks in the reference environments), read once, and their
evaluation with the literal values of a workflow file (for WF750).

A check's condition is evaluated in three-valued logic: True (the constructor raises), False, or
None (some value is unknown: templated, an object, a value wflint does not read). Only True is
reported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from ..schemas import data_path

_PROVIDER_PREFIX = "apache-airflow-providers-"


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))

UNKNOWN = object()  # an argument whose value is not known


@dataclass(frozen=True)
class ConstructorCheck:
    """One `raise` of a constructor: `when` (an expression tree, see constructor_checks), the
    exception and its message, and the arguments the condition reads."""

    owner: str  # the class whose constructor raises
    when: list
    raises: str
    message: str
    arguments: tuple[str, ...]


@lru_cache(maxsize=1)
def _document() -> dict:
    try:
        with open(data_path("constructor-checks.json"), encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {"packages": {}}


@lru_cache(maxsize=256)
def _package_of(class_path: str) -> str | None:
    if class_path.startswith("airflow.sdk."):
        return "apache-airflow-task-sdk"
    best = None
    for package in _document()["packages"]:
        if package.startswith(_PROVIDER_PREFIX):
            prefix = "airflow.providers." + package[len(_PROVIDER_PREFIX):].replace("-", ".") + "."
            if class_path.startswith(prefix) and (best is None or len(prefix) > len(best[1])):
                best = (package, prefix)
    return best[0] if best else None


@lru_cache(maxsize=64)
def release_for(package: str, wanted: str | None) -> str | None:
    """The release of `package` whose checks stand for `wanted`: the same release, else the
    newest earlier one (the oldest when `wanted` is older than all; the newest without one)."""
    releases = sorted(_document()["packages"].get(package, {}), key=version_key)
    if not releases:
        return None
    if not wanted:
        return releases[-1]
    earlier = [release for release in releases if version_key(release) <= version_key(wanted)]
    return earlier[-1] if earlier else releases[0]


def _arguments_of(expression, found: list[str]) -> list[str]:
    if expression and expression[0] == "arg":
        if expression[1] not in found:
            found.append(expression[1])
    elif expression and expression[0] != "const":
        for part in expression[1:]:
            if isinstance(part, list):
                if part and isinstance(part[0], list):
                    for item in part:
                        _arguments_of(item, found)
                else:
                    _arguments_of(part, found)
    return found


@lru_cache(maxsize=1024)
def _plan(class_paths: tuple[str, ...], versions: tuple[tuple[str, str], ...]) -> tuple:
    """The checks that reach a class with this MRO, and the defaults of the arguments they read."""
    wanted = dict(versions)
    packages = _document()["packages"]
    checks: list[ConstructorCheck] = []
    defaults: dict[str, object] = {}
    intercepted: set[str] = set()
    for path in class_paths:
        package = _package_of(path)
        release = release_for(package, wanted.get(package)) if package else None
        table = packages.get(package, {}).get(release) if release else None
        entry = table["classes"].get(path) if table else None
        if entry is None:
            continue
        for name, value in entry.get("defaults", {}).items():
            defaults.setdefault(name, value)
        for name in entry.get("no_default", ()):
            defaults.setdefault(name, UNKNOWN)
        for ident in entry.get("checks", ()):
            raw = table["checks"][ident]
            arguments = tuple(_arguments_of(raw["when"], []))
            if intercepted.intersection(arguments):
                continue  # a subclass changes the value before this constructor sees it
            checks.append(ConstructorCheck(path, raw["when"], raw["raises"], raw.get("message", ""), arguments))
        intercepted.update(entry.get("intercepts", ()))
    return tuple(checks), defaults


def reading(checks: tuple[ConstructorCheck, ...], names) -> list[ConstructorCheck]:
    """The checks (in order) that read at least one of `names`."""
    index = _index(checks)
    found: set[int] = set()
    for name in names:
        found.update(index.get(name, ()))
    return [checks[position] for position in sorted(found)]


_INDEXES: dict[int, tuple] = {}


def _index(checks: tuple[ConstructorCheck, ...]) -> dict[str, tuple[int, ...]]:
    """Argument name -> positions of the checks reading it, kept with the (cached) plan."""
    entry = _INDEXES.get(id(checks))
    if entry is None or entry[0] is not checks:
        by_name: dict[str, list[int]] = {}
        for position, check in enumerate(checks):
            for name in check.arguments:
                by_name.setdefault(name, []).append(position)
        entry = _INDEXES[id(checks)] = (checks, {name: tuple(p) for name, p in by_name.items()})
    return entry[1]


def checks_for(info, target) -> tuple[tuple[ConstructorCheck, ...], dict[str, object]]:
    """The constructor checks of the operator class `info` (an OperatorInfo) and its bases, at the
    target's releases (a wflint Target, or None for the newest), and the defaults of the
    arguments they read."""
    return _checks_for((info.canonical_path, *info.bases), target.versions if target is not None else ())


@lru_cache(maxsize=1024)
def _checks_for(paths: tuple[str, ...], target_versions: tuple) -> tuple:
    wanted = dict(target_versions)
    versions = set()
    for path in paths:
        package = _package_of(path)
        if package and wanted.get(package):
            versions.add((package, wanted[package]))
    return _plan(paths, tuple(sorted(versions)))


DAG_CLASS = "airflow.sdk.definitions.dag.DAG"


def dag_checks_for(target) -> tuple[tuple[ConstructorCheck, ...], dict[str, object]]:
    """The checks of the DAG class's field validators at the target's task SDK release."""
    return _checks_for((DAG_CLASS,), target.versions if target is not None else ())


# -- evaluation -----------------------------------------------------------------------------------

_YAML_TYPES = {type(None): "NoneType", bool: "bool", int: "int", float: "float", str: "str", list: "list", dict: "dict"}


def holds(expression, values: dict):
    """True, False, or None (unknown) for the condition `expression` with the arguments'
    `values` (a missing or UNKNOWN value is unknown)."""
    try:
        return _truth(expression, values)
    except (_Unknown, ArithmeticError, TypeError, ValueError, RecursionError):
        return None  # e.g. int(inf) raises OverflowError, not the check's exception


class _Unknown(Exception):
    pass


_ITEM = "\0item"  # the loop variable of an any()/all() generator


def _value(expression, values):
    if expression[0] == "item":
        return values[_ITEM]
    if expression[0] == "arg":
        value = values.get(expression[1], UNKNOWN)
        if value is UNKNOWN:
            raise _Unknown
        return value
    if expression[0] == "const":
        return expression[1]
    if expression[0] == "unless_none":
        value = _value(expression[1], values)
        if value is None:
            raise _Unknown
        return value
    result = _evaluate(expression[0], expression, values)
    if result is None:
        raise _Unknown
    return result


def _evaluate(kind, expression, values):
    try:
        if kind == "not":
            return not _truth(expression[1], values)
        if kind == "truth":
            return _truth(expression[1], values)
        if kind in ("and", "or"):
            unknown = False
            for part in expression[1]:
                try:
                    truth = _truth(part, values)
                except _Unknown:
                    unknown = True
                    continue
                if truth is (kind == "or"):
                    return truth
            return None if unknown else kind == "and"
        if kind == "cmp":
            op, left, right = expression[1], _value(expression[2], values), _value(expression[3], values)
            return _compare(op, left, right)
        if kind == "isinstance":
            value = _value(expression[1], values)
            name = _YAML_TYPES.get(type(value))
            if name is None:
                raise _Unknown
            return name in expression[2]
        if kind == "type_is":
            value = _value(expression[1], values)
            name = _YAML_TYPES.get(type(value))
            if name is None:
                raise _Unknown
            return name == expression[2]
        if kind == "len":
            value = _value(expression[1], values)
            if not isinstance(value, (str, list)):
                raise _Unknown
            return len(value)
        if kind in ("any", "all"):
            items = _value(expression[1], values)
            if not isinstance(items, list):
                raise _Unknown
            results = [_truth(expression[2], {**values, _ITEM: item}) for item in items]
            return any(results) if kind == "any" else all(results)
        if kind == "exactly_one":
            return sum(1 for part in expression[1] if _truth(part, values)) == 1
        if kind == "converts":
            value = _value(expression[2], values)
            if type(value) not in _YAML_TYPES:
                raise _Unknown
            try:
                (int if expression[1] == "int" else float)(value)
            except (TypeError, ValueError):
                return True
            except ArithmeticError:
                raise _Unknown  # int(inf): an OverflowError the code does not catch
            return False
    except _Unknown:
        return None
    return None


def _truth(expression, values) -> bool:
    value = _value(expression, values)
    if type(value) not in _YAML_TYPES:
        raise _Unknown
    return bool(value)


def _compare(op, left, right):
    if op == "is":
        return _same(left, right)
    if op == "is not":
        return not _same(left, right)
    if op in ("in", "not in"):
        if not isinstance(right, (list, str)) or (isinstance(right, str) and not isinstance(left, str)):
            raise _Unknown
        found = left in right
        return found if op == "in" else not found
    if op == "==":
        return left == right
    if op == "!=":
        return left != right
    numbers = (int, float)
    if not (isinstance(left, numbers) and isinstance(right, numbers)) and not (
            isinstance(left, str) and isinstance(right, str)):
        raise _Unknown  # Python would raise TypeError: some failure, but not this check's
    return {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right}[op]


def _same(left, right) -> bool:
    # `is` between literals: None, True and False are singletons; others compare by identity,
    # which for values read from YAML is never the constant in the source.
    if left is None or right is None or isinstance(left, bool) or isinstance(right, bool):
        return left is right
    raise _Unknown
