"""Shared helpers for the operator rules (WF3xx): which operator a task names, which of its keys
reach the operator's constructor and under which argument name, what `default_args` supply, and
whether a plain YAML value fits an argument's annotation.

How DAG Factory builds a task (read from its `dagbuilder.py`): it removes its own keys
(`operator`, `dependencies`, `task_group_name`, ...), converts a few shorthands (`*_secs`,
`python_callable_name` + `python_callable_file`, callbacks given as `*_name` + `*_file`), moves
`partial:` into the arguments and `expand:` into `.expand(...)`, and passes everything else to the
operator class as keyword arguments. Airflow then applies `default_args` (the DAG's, the task
groups') to the arguments the class's signature names, and rejects any other unknown argument.

Nothing here imports Airflow or user code: operators come from the catalog, custom ones from
their source read with `ast` (see wflint.catalog.static).
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass

from .catalog.constructor_data import UNKNOWN as CONSTRUCTOR_UNKNOWN
from .catalog.constructor_data import checks_for as constructor_checks_for
from .catalog.constructor_data import holds as constructor_check_holds
from .catalog.constructor_data import reading as constructor_checks_reading
from .inputs import isfile, note_file
from .yaml.scalars import replace_scalar
from .yaml.source import read_file
from .model.values import as_float
from .model.workflow import Layer, Merged, Task, TaskGroup
from .yaml.tree import Mapping, Node, Scalar, Sequence, iter_pairs

BASE_OPERATOR = "airflow.sdk.bases.operator.BaseOperator"
BASE_SENSOR = "airflow.sdk.bases.sensor.BaseSensorOperator"

# Keys DAG Factory reads itself and never passes to the operator.
DAG_FACTORY_KEYS = frozenset(
    {"task_id", "operator", "decorator", "dependencies", "task_group_name", "parent_group_name",
     "expand", "partial", "variables_as_arguments"}
)
# Callbacks DAG Factory also accepts as `<callback>_name` + `<callback>_file`.
CALLBACKS = ("on_execute_callback", "on_success_callback", "on_failure_callback", "on_retry_callback", "on_skipped_callback")
# DAG Factory shorthands and the operator argument each one becomes.
CONVERTED_KEYS = {
    "execution_date_fn_name": "execution_date_fn",
    "execution_date_fn_file": "execution_date_fn",
    "python_callable_name": "python_callable",
    "python_callable_file": "python_callable",
    # SqlSensor's and HttpSensor's callables given as a file + name or a lambda.
    "success_check_name": "success", "success_check_file": "success", "success_check_lambda": "success",
    "failure_check_name": "failure", "failure_check_file": "failure", "failure_check_lambda": "failure",
    "response_check_name": "response_check", "response_check_file": "response_check",
    "response_check_lambda": "response_check",
    **{f"{callback}_{part}": callback for callback in CALLBACKS for part in ("name", "file")},
}
# The `*_sec(s)` shorthands DAG Factory 0.x converted and 1.0 no longer knows (its 1.0.1 and
# 1.1.0 source has none): on a task the operator rejects them ("Invalid arguments were passed
# to EmptyOperator"); in `default_args` Airflow ignores them. `dagrun_timeout_sec` (a DAG key)
# is WF740's.
REMOVED_SHORTHANDS = {
    "execution_timeout_secs": "execution_timeout",
    "sla_secs": "sla",
    "execution_delta_secs": "execution_delta",
    "retry_delay_sec": "retry_delay",
}
# Converted keys DAG Factory converts only for one operator family (dagbuilder checks
# `issubclass(operator, SqlSensor)` / `HttpSensor`); elsewhere they reach the operator as written.
CONVERTED_ONLY_FOR = {
    **{f"{kind}_check_{part}": "SqlSensor" for kind in ("success", "failure") for part in ("name", "file", "lambda")},
    **{f"response_check_{part}": "HttpSensor" for part in ("name", "file", "lambda")},
}
# Arguments DAG Factory fills in for every task.
SUPPLIED_BY_DAG_FACTORY = frozenset({"task_id", "dag", "task_group"})

# (file key, name key) pairs that DAG Factory loads with `get_python_callable`.
CALLABLE_FILE_KEYS = (
    ("python_callable_file", "python_callable_name"),
    ("execution_date_fn_file", "execution_date_fn_name"),
    ("success_check_file", "success_check_name"),
    ("failure_check_file", "failure_check_name"),
    ("response_check_file", "response_check_name"),
    ("doc_md_python_callable_file", "doc_md_python_callable_name"),
    *((f"{callback}_file", f"{callback}_name") for callback in (*CALLBACKS, "sla_miss_callback")),
)


def argument_name(key: str) -> str | None:
    """The operator argument a task key becomes, or None for DAG Factory's own keys."""
    if key in DAG_FACTORY_KEYS:
        return None
    return CONVERTED_KEYS.get(key, key)


def is_dynamic(value: Node) -> bool:
    """A value wflint cannot judge: `$VAR` (expanded from the environment before parsing), a
    Jinja template, an XCom reference (`+task`), or a `__type__` object built by DAG Factory."""
    if type(value) is Scalar:
        text = value.value
        return type(value.typed) is str and ("$" in text or "{{" in text or "{%" in text or text.startswith("+"))
    if type(value) is Mapping:
        return any(type(k) is Scalar and k.value.startswith("__") for k, _ in iter_pairs(value))
    return False


# -- operators ------------------------------------------------------------------------------------

def catalog_for(ctx):
    """The catalog for this document's configuration, as it is at the configuration's target
    versions (see Project.catalog_at and wflint.target.CatalogView)."""
    return ctx.project.catalog_at(ctx.config)


@dataclass(slots=True)
class Resolved:
    """What an `operator:` value names."""

    path: str
    info: object | None  # OperatorInfo, from the catalog or from user source
    dynamic: bool = False  # `$VAR` in the path: not judged


def operator_of(ctx, task: Task) -> Resolved | None:
    """The operator class of an operator task (None for decorator tasks and non-string values).
    Computed once per task: most WF3xx and WF4xx rules ask."""
    memo = task.memo
    if "operator" not in memo:
        memo["operator"] = _operator_of(ctx, task)
    return memo["operator"]


def _operator_of(ctx, task: Task) -> Resolved | None:
    entry = task.operator
    if entry is None or type(entry.value) is not Scalar or type(entry.value.typed) is not str:
        return None
    path = entry.value.value.strip()
    cache = ctx.cache.setdefault("wf3:operators", {})
    if path not in cache:
        cache[path] = _resolve(ctx, path)
    return cache[path]


def _resolve(ctx, path: str) -> Resolved:
    if "$" in path or "{{" in path:
        return Resolved(path, None, dynamic=True)
    from .catalog import CatalogError

    try:
        catalog = catalog_for(ctx)
        info = catalog.lookup(path)
        if info is None and ctx.config.operator_paths:
            roots = [ctx.config.resolve(root) for root in ctx.config.operator_paths]
            from .catalog.static import resolve_static

            info = resolve_static(catalog, path, roots)
    except (CatalogError, OSError, SyntaxError, ValueError):
        info = None
    return Resolved(path, info)


def base_operator(ctx, sensor: bool = False):
    """BaseOperator (or BaseSensorOperator) as the catalog knows it."""
    return catalog_for(ctx).lookup(BASE_SENSOR if sensor else BASE_OPERATOR)


def profile_operators(ctx) -> frozenset[str]:
    """Import paths the active deploy-target profile allows (empty without a profile)."""
    if not ctx.config.profile:
        return frozenset()
    from .profiles import load_profile

    try:
        return frozenset(load_profile(ctx.config.profile).get("operators", ()))
    except (OSError, ValueError):
        return frozenset()


def platform_operators() -> frozenset[str]:
    """Operators that some deploy target documents as available (every shipped profile's list):
    real classes even where no public provider release has them (MWAA's MaxDome operators)."""
    global _PLATFORM_OPERATORS
    if _PLATFORM_OPERATORS is None:
        import json

        from wflint.schemas import data_path, read_text

        found: set[str] = set()
        for name in sorted(os.listdir(data_path("profiles"))):
            if name.endswith(".json"):
                try:
                    found.update(json.loads(read_text("profiles", name)).get("operators", ()))
                except (OSError, ValueError):
                    continue
        _PLATFORM_OPERATORS = frozenset(found)
    return _PLATFORM_OPERATORS


_PLATFORM_OPERATORS: frozenset[str] | None = None


# -- effective arguments ----------------------------------------------------------------------------

@dataclass(slots=True)
class Argument:
    """One key of a task that reaches the operator, or one `default_args` entry."""

    name: str  # the operator argument it becomes
    key: Scalar  # the key as written
    value: Node
    layer: Layer
    where: str  # "task", "partial", "expand", "default_args" (DAG) or "group default_args"

    @property
    def written(self) -> str:
        return self.key.value

    @property
    def own(self) -> bool:
        """Written in this DAG's own configuration (not in the default block or defaults.yml)."""
        return self.layer.kind == "dag"


def task_arguments(task: Task) -> list[Argument]:
    """The keys of the task that DAG Factory passes to the operator, `partial:` and `expand:`
    entries included (their keys are arguments of the operator class too). Computed once per
    task: every WF3xx rule asks."""
    found = task.memo.get("arguments")
    if found is not None:
        return found
    found = task.memo["arguments"] = []
    for name, entry in task.config.entries.items():
        if name in ("partial", "expand"):
            if type(entry.value) is Mapping:
                for key, value in iter_pairs(entry.value):
                    if type(key) is Scalar:
                        found.append(Argument(key.value, key, value, entry.layer, name))
            continue
        argument = argument_name(name)
        if argument is not None:
            found.append(Argument(argument, entry.key, entry.value, entry.layer, "task"))
    return found


def group_chain(task: Task) -> list[TaskGroup]:
    """The task's group and its parents, innermost first (stops on cycles)."""
    chain: list[TaskGroup] = []
    ref = task.group
    while ref is not None:
        group = task.dag.groups_by_name.get(ref.name)
        if group is None or group in chain:
            break
        chain.append(group)
        ref = group.parent
    return chain


def default_arguments(task: Task) -> dict[str, Argument]:
    """`default_args` that reach the task: its groups' (innermost first), then the DAG's (already
    merged across the `default:` block and defaults.yml). They depend only on the task's group,
    so they are computed once per group and shared by its tasks: do not modify the result."""
    by_group = task.dag.memo.setdefault("default_arguments", {})
    group_name = task.group.name if task.group is not None else None
    found = by_group.get(group_name)
    if found is None:
        found = by_group[group_name] = _default_arguments(task)
    return found


def _default_arguments(task: Task) -> dict[str, Argument]:
    found: dict[str, Argument] = {}
    sources: list[tuple[Merged | None, str]] = [
        (group.config.sub("default_args"), "group default_args") for group in group_chain(task)
    ]
    sources.append((task.dag.default_args, "default_args"))
    for merged, where in sources:
        if merged is None:
            continue
        for name, entry in merged.entries.items():
            argument = argument_name(name) or name
            if argument not in found:
                found[argument] = Argument(argument, entry.key, entry.value, entry.layer, where)
    return found


def effective(task: Task, name: str) -> Argument | None:
    """The argument `name` as the operator receives it: the task's own key, else `default_args`."""
    for argument in task_arguments(task):
        if argument.name == name and argument.where != "expand":
            return argument
    return default_arguments(task).get(name)


# -- values against annotations -------------------------------------------------------------------

# Annotation names and the YAML kinds they accept. A name not listed (datetime, timedelta,
# Callable, a class) accepts anything: DAG Factory builds objects from `__type__` mappings and
# some operators convert values, so only plain mismatches are clear.
_KINDS = {
    "str": {"str"}, "int": {"int"}, "float": {"int", "float"}, "bool": {"bool"},
    "None": {"null"}, "NoneType": {"null"},
    "list": {"list"}, "List": {"list"}, "tuple": {"list"}, "Tuple": {"list"}, "set": {"list"}, "Set": {"list"},
    "frozenset": {"list"}, "MutableSequence": {"list"},
    # A string is a Sequence / Iterable / Collection too.
    "Sequence": {"list", "str"}, "Iterable": {"list", "str"}, "Collection": {"list", "str"},
    "dict": {"dict"}, "Dict": {"dict"}, "Mapping": {"dict"}, "MutableMapping": {"dict"},
    # Only YAML's !!binary makes bytes; no plain value is, so a mapping or a list is never bytes.
    "bytes": {"bytes"}, "bytearray": {"bytes"},
}
_KIND_NAMES = {"str": "a string", "int": "an integer", "float": "a number", "bool": "a boolean",
               "null": "null", "list": "a list", "dict": "a mapping", "bytes": "bytes"}


@dataclass(frozen=True, slots=True)
class Accepts:
    kinds: frozenset[str]
    opaque: bool  # some member wflint cannot judge: anything may be accepted
    literals: tuple[str, ...] = ()

    def describe(self) -> str:
        names = [_KIND_NAMES[k] for k in ("str", "bytes", "int", "float", "bool", "list", "dict", "null") if k in self.kinds]
        if "float" in self.kinds and "int" in self.kinds:
            names.remove("an integer")
        return " or ".join(names)


_ACCEPTS: dict[str, Accepts] = {}


def accepts(annotation: str | None) -> Accepts | None:
    """The YAML kinds an annotation accepts, or None when it says nothing usable."""
    if not annotation:
        return None
    found = _ACCEPTS.get(annotation)
    if found is None:
        kinds: set[str] = set()
        literals: list[str] = []
        opaque = False
        for member in _members(annotation):
            head = member.partition("[")[0].strip().strip("'\"").rsplit(".", 1)[-1]
            if head == "Literal":
                literals.extend(item.strip().strip("'\"") for item in _split(member.partition("[")[2][:-1], ","))
                kinds.add("str")
            elif head == "ArgNotSet":
                continue  # Airflow's "not given" sentinel: never written in YAML
            elif head in _KINDS:
                kinds |= _KINDS[head]
            else:
                opaque = True
        found = _ACCEPTS[annotation] = Accepts(frozenset(kinds), opaque, tuple(literals))
    return found


def _split(text: str, separator: str) -> list[str]:
    """Split at top-level separators (not inside brackets)."""
    parts, depth, current = [], 0, []
    for char in text:
        if char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        if char == separator and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return [part for part in parts if part]


def _members(annotation: str) -> list[str]:
    members: list[str] = []
    for part in _split(annotation.strip().strip("'\""), "|"):
        head, _, inner = part.partition("[")
        head = head.strip().rsplit(".", 1)[-1]
        if head in ("Optional", "Union") and inner.endswith("]"):
            for item in _split(inner[:-1], ","):
                members.extend(_members(item))
            if head == "Optional":
                members.append("None")
        else:
            members.append(part)
    return members


def yaml_kind(value: Node) -> str | None:
    """'str', 'int', 'float', 'bool', 'null', 'list', 'dict', or None (a date, an object)."""
    kind = type(value)
    if kind is Sequence:
        return "list"
    if kind is Mapping:
        return "dict"
    if kind is Scalar:
        typed = value.typed
        if typed is None:
            return "null"
        return {bool: "bool", int: "int", float: "float", str: "str"}.get(type(typed))
    return None


def value_mismatch(argument_info, value: Node) -> str | None:
    """Why `value` clearly does not fit the argument's annotation, or None."""
    if is_dynamic(value):
        return None
    allowed = accepts(argument_info.annotation)
    kind = yaml_kind(value)
    if allowed is None or kind is None or allowed.opaque or not allowed.kinds:
        return None
    if kind == "null" and argument_info.has_default and argument_info.default is None:
        return None  # `None` is the default even where the annotation forgets Optional
    if kind == "bool" and allowed.kinds & {"int", "float"}:
        return None  # Python takes True for 1: odd, but it does not fail
    if kind in allowed.kinds:
        # Literal values compared without case: operators commonly upper-case them (`CSV`).
        if allowed.literals and kind == "str" and value.value.lower() not in {item.lower() for item in allowed.literals}:
            options = ", ".join(f"`{item}`" for item in allowed.literals)
            return f"`{value.value}` is not one of {options}"
        return None
    if kind == "str" and allowed.kinds & {"int", "float"} and _is_number(value.value):
        return None  # a quoted number: Airflow and most operators convert it
    shown = _KIND_NAMES.get(kind, kind)
    return f"{shown} is given where `{argument_info.annotation}` expects {allowed.describe()}"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# -- durations ----------------------------------------------------------------------------------------

_TIMEDELTA_UNITS = {"weeks": 604800, "days": 86400, "hours": 3600, "minutes": 60, "seconds": 1,
                    "milliseconds": 0.001, "microseconds": 0.000001}


def seconds(value: Node) -> float | None:
    """A duration in seconds: a number, or a `__type__: datetime.timedelta` mapping; else None."""
    if type(value) is Scalar:
        typed = value.typed
        if isinstance(typed, (int, float)) and not isinstance(typed, bool):
            return as_float(typed)
        return None
    if type(value) is Mapping:
        fields = {k.value: v for k, v in iter_pairs(value) if type(k) is Scalar}
        kind = fields.get("__type__")
        if type(kind) is not Scalar or kind.value not in ("datetime.timedelta", "timedelta"):
            return None
        total = 0.0
        for unit, factor in _TIMEDELTA_UNITS.items():
            node = fields.get(unit)
            if node is None:
                continue
            amount = seconds(node)
            if amount is None:
                return None
            total += amount * factor
        return total
    return None


def describe_seconds(total: float) -> str:
    if not abs(total) < 1e15:  # infinity, or beyond what a timedelta holds (999,999,999 days)
        return "more seconds than Python's timedelta can hold"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if total >= size and total % size == 0:
            count = int(total // size)
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{total:g} seconds"


_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def is_identifier(text: str) -> bool:
    return bool(_IDENTIFIER.match(text))


# -- unknown operators -------------------------------------------------------------------------------

@dataclass(slots=True)
class UnknownOperator:
    """Why an operator path is not known: `certain` when it is a typo of something the catalog
    knows (Airflow will fail to import it), else the class may simply be the user's own."""

    certain: bool
    message: str
    suggestion: str | None


def _distribution_prefixes(distribution: str) -> tuple[str, ...]:
    if distribution.startswith("apache-airflow-providers-"):
        return ("airflow.providers." + distribution[len("apache-airflow-providers-"):].replace("-", ".") + ".",)
    if distribution == "apache-airflow-task-sdk":
        return ("airflow.sdk.",)
    if distribution == "apache-airflow-core":
        # Airflow 3 keeps only deprecated aliases under these; anything else is gone.
        return ("airflow.operators.", "airflow.sensors.", "airflow.contrib.")
    return ()


def owning_distribution(catalog, path: str) -> str | None:
    """The catalogued distribution whose module namespace `path` is in, unless the catalog
    skipped that module when it was built (then it cannot tell)."""
    for distribution in catalog.package_versions():
        if any(path.startswith(prefix) for prefix in _distribution_prefixes(distribution)):
            module = path.rpartition(".")[0]
            if module in skipped_modules(catalog, distribution):
                return None
            return distribution
    return None


def skipped_modules(catalog, distribution: str) -> frozenset[str]:
    """Modules the catalog builder could not import (they exist, but the catalog has no classes
    for them). Read from the catalog document: the loader has no public accessor for it yet."""
    try:
        document = catalog._document(distribution)
    except Exception:  # noqa: BLE001 - an unreadable catalog must not break linting
        return frozenset()
    return frozenset(entry.get("module", "") for entry in document.get("skipped_modules", ()))


def unknown_operator_of(ctx, task: Task) -> UnknownOperator | None:
    """Why the operator written in this task resolves nowhere (None: it resolves, is inherited
    and reported where it is written, or is not a plain path)."""
    if task.inherited or task.operator is None or task.operator.inherited:
        return None
    resolved = operator_of(ctx, task)
    if resolved is None or resolved.dynamic or resolved.info is not None:
        return None
    # Judged once per path: WF301 and WF302 both ask, for every task naming it, and the
    # catalog's suggestions are the slow part.
    verdicts = ctx.cache.setdefault("wf3:unknown-operators", {})
    if resolved.path not in verdicts:
        verdicts[resolved.path] = judge_unknown_operator(ctx, resolved.path)
    return verdicts[resolved.path]


def report_unknown_operator(ctx, task: Task, verdict: UnknownOperator) -> None:
    """WF301 / WF302 report the same way: at the operator value, offering the suggestion."""
    from .diagnostics import Fix

    node = task.operator.value
    fix = None
    if verdict.suggestion:
        fix = Fix(f"Replace with `{verdict.suggestion}`", (replace_scalar(ctx.source.text, node, verdict.suggestion),), safe=False)
    ctx.report(node, verdict.message, fix=fix)


def judge_unknown_operator(ctx, path: str) -> UnknownOperator | None:
    """None when the path is a class some deploy target documents (no catalog has it)."""
    if path in platform_operators():
        return None
    catalog = catalog_for(ctx)
    module, _, name = path.rpartition(".")
    added = catalog.added_in(path)
    if added is not None:  # a class of a later release than the target's
        package, release = added
        added_text = catalog.added_wording(catalog.release_name(package, release), "added in")
        return UnknownOperator(True, f"{name} does not exist in {catalog.describe(package)} ({added_text}); "
                                     "DAG Factory fails to import it", None)
    suggestions = catalog.suggestions(path, limit=3)
    best = suggestions[0] if suggestions else None
    close = best is not None and best.reason in ("class-typo", "module-typo", "other-module")
    owner = owning_distribution(catalog, path)
    hint = f" (did you mean `{best.path}`?)" if best is not None else ""
    if close:
        if best.reason == "class-typo":
            message = f"`{module}` has no class `{name}`{hint}"
        elif best.reason == "module-typo":
            message = f"there is no module `{module}`{hint}"
        elif difflib.SequenceMatcher(None, module, best.path.rpartition(".")[0]).ratio() >= 0.8:
            message = f"there is no module `{module}`{hint}"  # the module name is misspelt
        else:
            message = f"`{name}` is not in `{module}`; it is `{best.path}`"
        return UnknownOperator(True, message + "; DAG Factory fails to import it", best.path)
    if owner is not None:
        version = catalog.package_version(owner) or ""
        known_module = bool(catalog.operators_in_module(module))
        what = f"`{module}` has no class `{name}`" if known_module else f"there is no module `{module}`"
        message = f"{what} in {owner} {version}{hint}; DAG Factory fails to import it"
        return UnknownOperator(True, message, best.path if best is not None else None)
    # No suggestion here: a class name merely similar to a catalogued one is most likely the
    # user's own operator, and "did you mean" would be noise.
    message = (
        f"`{path}` is in no operator catalog and was not found under `operator-paths`, so its "
        "arguments are not checked"
    )
    return UnknownOperator(False, message, None)


# -- deprecation advice at the target ---------------------------------------------------------------

_NAMED = re.compile(r"`([A-Za-z_][A-Za-z0-9_.]*)`|\b([A-Z][A-Za-z0-9]*(?:Operator|Sensor|Notifier|Trigger))\b")
_SENTENCE = re.compile(r"(?<=[.;])\s+")


def advice_at_target(ctx, info, reason: str, *, argument: str | None = None) -> str:
    """A deprecation's reason as Airflow gives it, without the advice to use a replacement the
    target does not have (a class of the operator's module, or an argument of the operator):
    following it would break the DAG on the versions it runs on."""
    catalog = catalog_for(ctx)
    kept, missing = [], []
    for sentence in _SENTENCE.split(reason.strip()):
        absent = []
        for quoted, class_name in _NAMED.findall(sentence):
            name = quoted or class_name
            if name == argument or name == info.name:
                continue
            if argument is not None and quoted and "." not in name:
                if name not in info.arguments and (catalog.newest_info(info.canonical_path) or info).accepts(name):
                    absent.append(name)  # an argument of a later release
            elif name[:1].isupper() and "." not in name:
                if not catalog.knows(f"{info.module}.{name}") and catalog.newest_info(f"{info.module}.{name}") is not None:
                    absent.append(name)  # a class of a later release
        if absent:
            missing.extend(absent)
        else:
            kept.append(sentence)
    if not missing:
        return reason
    unique = list(dict.fromkeys(missing))
    names = ", ".join(f"`{name}`" for name in unique)
    verb = "does" if len(unique) == 1 else "do"
    text = " ".join(kept).rstrip(".")
    return f"{text} ({names} {verb} not exist in {catalog.describe(info.package)}: keep it until you upgrade)"


# -- Python callables read from files -------------------------------------------------------------

_MODULE_NAMES: dict[str, tuple[tuple[int, int], frozenset[str] | None]] = {}


def module_names(path: str) -> frozenset[str] | None:
    """Names a Python file defines at module level (parsed with `ast`, never imported), or None
    when that cannot be told (a syntax error, `from x import *`, a module `__getattr__`).
    Cached while the file's mtime and size stay the same."""
    import ast

    note_file(path)
    try:
        stat = os.stat(path)
    except OSError:
        return None
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _MODULE_NAMES.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    try:
        tree = ast.parse(read_file(path).decode("utf-8"), filename=path)  # never a FIFO
    except (OSError, SyntaxError, ValueError, UnicodeDecodeError):
        _MODULE_NAMES[path] = (stamp, None)
        return None
    names: set[str] = set()
    unknowable = False
    blocks = [tree.body]
    while blocks:
        for node in blocks.pop():
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
                unknowable |= node.name == "__getattr__"
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
            elif isinstance(node, ast.Import):
                names.update(alias.asname or alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    unknowable |= alias.name == "*"
                    names.add(alias.asname or alias.name)
            elif isinstance(node, (ast.If, ast.Try, ast.With, ast.For, ast.While)):
                # Conditional definitions count: the name may exist when the file is loaded.
                blocks.extend(
                    getattr(node, part) for part in ("body", "orelse", "finalbody") if getattr(node, part, None)
                )
                blocks.extend(handler.body for handler in getattr(node, "handlers", ()))
    result = None if unknowable else frozenset(names)
    _MODULE_NAMES[path] = (stamp, result)
    return result


def required_arguments(info) -> list[str]:
    """Required arguments the task itself must give: those of the first `__init__` called (the
    class's own, or its nearest base's). A base class's required argument further up is not
    counted: a subclass's `__init__` often passes it itself (`super().__init__(config={}, ...)`),
    and the catalog records signatures, not calls."""
    first = next(iter(info.arguments.values()), None)
    if first is None:
        return []
    return [a.name for a in info.arguments.values() if a.required and a.inherited_from == first.inherited_from]


# -- TaskFlow callables ---------------------------------------------------------------------------------

# Decorators that build a `_PythonDecoratedOperator` (`@task`).
PYTHON_TASK_DECORATORS = frozenset(
    {"airflow.decorators.task", "airflow.sdk.task", "airflow.sdk.definitions.decorators.task",
     "airflow.providers.standard.decorators.python.python_task"}
)
PYTHON_DECORATED_OPERATOR = "airflow.providers.standard.decorators.python._PythonDecoratedOperator"


@dataclass(frozen=True, slots=True)
class CallableSignature:
    name: str
    file: str
    positional: tuple[str, ...]  # what DAG Factory matches task keys against (getfullargspec().args)
    keyword_only: tuple[str, ...]
    required: tuple[str, ...]  # parameters without a default
    any_keyword: bool  # `**kwargs`


_SIGNATURES: dict[tuple[str, str], tuple[tuple[int, int], CallableSignature | None]] = {}


def callable_signature(path: str, name: str) -> CallableSignature | None:
    """The signature of a plain top-level function `name` in a Python file, read with `ast`; None
    when the name is not such a function (a decorated one may have another signature)."""
    import ast

    note_file(path)
    try:
        stat = os.stat(path)
    except OSError:
        return None
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _SIGNATURES.get((path, name))
    if cached is not None and cached[0] == stamp:
        return cached[1]
    found = None
    try:
        tree = ast.parse(read_file(path).decode("utf-8"), filename=path)  # never a FIFO
    except (OSError, SyntaxError, ValueError, UnicodeDecodeError):
        tree = None
    for node in tree.body if tree is not None else ():
        defines = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name
        if not defines and isinstance(node, (ast.Assign, ast.AnnAssign, ast.Import, ast.ImportFrom)):
            defines = name in {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} or any(
                (alias.asname or alias.name) == name for alias in getattr(node, "names", ())
            )
        if not defines:
            continue
        found = None  # the last definition wins; only a plain function is understood
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.decorator_list:
            arguments = node.args
            positional = [a.arg for a in (*arguments.posonlyargs, *arguments.args)]
            defaults = len(arguments.defaults)
            required = positional[: len(positional) - defaults] if defaults else list(positional)
            keyword_only = [a.arg for a in arguments.kwonlyargs]
            required += [a.arg for a, default in zip(arguments.kwonlyargs, arguments.kw_defaults) if default is None]
            found = CallableSignature(
                name, path, tuple(positional), tuple(keyword_only), tuple(required), arguments.kwarg is not None
            )
    _SIGNATURES[(path, name)] = (stamp, found)
    return found


def task_callable(ctx, task: Task) -> CallableSignature | None:
    """The callable of a task, when wflint can read it: `python_callable_file` + `_name` (an
    absolute path without `$`), or `python_callable: module.function` found under the config's
    `operator-paths`. Never imported."""
    def text(name: str) -> str | None:
        entry = task.config.get(name)
        if entry is None or type(entry.value) is not Scalar or type(entry.value.typed) is not str:
            return None
        return None if "$" in entry.value.value else entry.value.value

    file, name = text("python_callable_file"), text("python_callable_name")
    if file and name:
        return callable_signature(file, name) if os.path.isabs(file) else None
    dotted = text("python_callable")
    if not dotted or "." not in dotted or not ctx.config.operator_paths:
        return None
    module, _, function = dotted.rpartition(".")
    relative = os.path.join(*module.split("."))
    for root in ctx.config.operator_paths:
        base = os.path.join(ctx.config.resolve(root), relative)
        for candidate in (base + ".py", os.path.join(base, "__init__.py")):
            if isfile(candidate):
                return callable_signature(candidate, function)
    return None


def is_python_task(task: Task) -> bool:
    entry = task.decorator
    return (
        task.operator is None and entry is not None and type(entry.value) is Scalar
        and entry.value.value in PYTHON_TASK_DECORATORS
    )

# Arguments WF306 judges with its own messages (and fixes): WF750 leaves them to it.
_JUDGED_BY_WF306 = frozenset({"trigger_rule", "weight_rule", "mode", "execution_timeout"})


def constructor_value(node):
    """The Python value PyYAML gives a plain scalar or a list of them, or CONSTRUCTOR_UNKNOWN
    (templates, `$VAR`, `+task`, objects, mappings, dates)."""
    if type(node) is Sequence:  # a flat list of scalars only (never walks aliases deeper)
        if len(node.items) > 1000 or any(type(item) is not Scalar for item in node.items):
            return CONSTRUCTOR_UNKNOWN
        items = [constructor_value(item) for item in node.items]
        return CONSTRUCTOR_UNKNOWN if any(item is CONSTRUCTOR_UNKNOWN for item in items) else items
    if type(node) is not Scalar or is_dynamic(node):
        return CONSTRUCTOR_UNKNOWN
    typed = node.typed
    if typed is None or type(typed) in (bool, int, float, str):
        return typed
    return CONSTRUCTOR_UNKNOWN


def refused_nodes(ctx, dag) -> frozenset[int]:
    """Start offsets of the values WF750 reports in the DAG (its tasks and their default_args)."""
    if not ctx.config.rule_enabled("WF750", ctx.path):
        return frozenset()  # without WF750 the other rules keep their say
    found = dag.memo.get("constructor_refused_nodes")
    if found is None:
        found = dag.memo["constructor_refused_nodes"] = frozenset(
            refusal[0].start for task in dag.tasks for refusal in constructor_refusals(ctx, task))
    return found


def _holds(ctx, when, values: dict):
    """constructor_check_holds, remembered per document: many tasks write the same values."""
    verdicts = ctx.cache.setdefault("constructor_verdicts", {})
    key = (id(when), repr(sorted(values.items(), key=lambda item: item[0])))
    found = verdicts.get(key)
    if found is None or found[0] is not when:
        found = verdicts[key] = (when, constructor_check_holds(when, values))
    return found[1]


def constructor_refusals(ctx, task: Task) -> list:
    """(node, check, argument name, value) for each constructor check (wflint.catalog.constructor_data)
    that the task's literal values certainly fail, computed once per task: WF750 reports them, and
    WF306 and WF730 leave those sites to it. A `default_args` value that several tasks share is
    listed for the first only."""
    found = task.memo.get("constructor_refusals")
    if found is not None:
        return found
    found = task.memo["constructor_refusals"] = []
    if task.inherited or "expand" in task.config.entries:
        return found  # mapped tasks are built when they run, item by item
    resolved = operator_of(ctx, task)
    info = resolved.info if resolved is not None else None
    if info is None:
        if task.decorator is None:
            return found
        info = base_operator(ctx)  # `@task` tasks are operators too: BaseOperator's checks hold
        if info is None:
            return found
    target = ctx.cache.get("target")
    if target is None:
        target = ctx.cache["target"] = ctx.target
    checks, defaults = constructor_checks_for(info, target)
    if not checks:
        return found
    given = {}
    for argument in task_arguments(task):
        if argument.where in ("task", "partial") and argument.name == argument.written:
            given[argument.name] = argument
    inherited = default_arguments(task)
    reported = task.dag.memo.setdefault("constructor_refusals_reported", set())
    shared_verdicts = task.dag.memo.setdefault("constructor_shared_verdicts", set())
    written = frozenset(given.keys() | inherited.keys())
    # Only values written in the file are judged; tasks of one class mostly write the same keys.
    plans = ctx.cache.setdefault("constructor_checks_reading", {})
    plan_key = (id(checks), written)
    plan = plans.get(plan_key)
    if plan is None or plan[0] is not checks:
        plan = plans[plan_key] = (checks, constructor_checks_reading(checks, written))
    checks = plan[1]
    if not checks:
        return found

    def written_value(name):
        argument = given.get(name) or inherited.get(name)
        return constructor_value(argument.value) if argument is not None else defaults.get(name, CONSTRUCTOR_UNKNOWN)

    # Airflow's own checks of the arguments WF306 judges: WF306 has their message (and fix), and
    # where they fail, a provider's check of the same value is not reported a second time.
    judged_by_wf306 = set()
    for check in checks:
        if check.owner.startswith("airflow.sdk.") and _JUDGED_BY_WF306.issuperset(check.arguments) and \
                _holds(ctx, check.when, {name: written_value(name) for name in check.arguments}) is True:
            judged_by_wf306.update(check.arguments)
    for check in checks:
        if check.owner.startswith("airflow.sdk.") and _JUDGED_BY_WF306.issuperset(check.arguments):
            continue
        if judged_by_wf306.intersection(check.arguments):
            continue
        if given.keys().isdisjoint(check.arguments):
            # Only default_args values: the same verdict for every task of the class, judged once.
            key = (info.canonical_path, check.owner, check.message, check.arguments,
                   *(inherited[name].value.start for name in check.arguments if name in inherited))
            if key in shared_verdicts:
                continue
            shared_verdicts.add(key)
        values, nodes = {}, []
        for name in check.arguments:
            argument = given.get(name) or inherited.get(name)
            if argument is None:
                values[name] = defaults.get(name, CONSTRUCTOR_UNKNOWN)
                continue
            value = constructor_value(argument.value)
            values[name] = value
            if value is not CONSTRUCTOR_UNKNOWN:
                nodes.append((argument.value.start, name, argument.value, value))
        if not nodes or _holds(ctx, check.when, values) is not True:
            continue
        _, name, node, value = max(nodes, key=lambda item: item[0])
        key = (node.start, check.when.__repr__())
        if key in reported:
            continue  # a default_args value shared by several tasks: once
        reported.add(key)
        found.append((node, check, name, value))
    return found
