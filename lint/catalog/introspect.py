"""Introspection of installed Airflow distributions: operator classes and their import aliases.

Runs only inside an environment where Airflow is installed (the catalog builder's). Airflow is
imported inside functions, so this module itself imports with the standard library alone.
"""

from __future__ import annotations

import ast
import enum
import functools
import importlib
import importlib.metadata
import inspect
import math
import re
import sys
import textwrap
import warnings
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

try:  # imported as part of wflint.catalog, or as a plain script directory (see build.py)
    from . import docstrings, source_scan
except ImportError:  # pragma: no cover - script mode
    import docstrings  # type: ignore[no-redef]
    import source_scan  # type: ignore[no-redef]

# Module path parts that hold task classes in providers (decorators: the operator classes behind
# @task-style decorators), and the task SDK's base classes.
CLASS_MODULE_PARTS = {"operators", "sensors", "transfers", "notifications", "decorators", "bases"}
SKIPPED_MODULE_PARTS = {"example_dags", "tests", "_vendor", "migrations"}
# Source text showing that a module defines import aliases through Airflow's own machinery.
ALIAS_MARKERS = ("add_deprecated_classes(", "__lazy_imports")
DEPRECATION_TOOLS_FUNCTION = "getattr_with_deprecation"
_CLASS_NAME_IN_TEXT = re.compile(r"\b((?:airflow\.[\w.]+\.)?[A-Z]\w*(?:Operator|Sensor|Notifier|Transfer))\b")


def dotted_path(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


@dataclass
class TaskRoots:
    """The Airflow base classes that make a class a task (or notifier) class."""

    operator: type
    sensor: type
    notifier: type

    @classmethod
    def load(cls) -> TaskRoots:
        from airflow.sdk import BaseNotifier, BaseOperator, BaseSensorOperator

        return cls(BaseOperator, BaseSensorOperator, BaseNotifier)

    def is_task_class(self, obj: Any) -> bool:
        return inspect.isclass(obj) and issubclass(obj, (self.operator, self.notifier))

    def kind_of(self, cls: type) -> str:
        if issubclass(cls, self.notifier):
            return "notifier"
        if issubclass(cls, self.sensor):
            return "sensor"
        if not issubclass(cls, self.operator):
            return "mixin"
        if "transfers" in cls.__module__.split("."):
            return "transfer"
        return "operator"


@dataclass
class DistributionModules:
    """The Python modules installed by one distribution, found from its RECORD (no imports)."""

    name: str
    version: str
    modules: dict[str, str] = field(default_factory=dict)  # module name -> file path

    @classmethod
    def find(cls, name: str) -> DistributionModules:
        distribution = importlib.metadata.distribution(name)
        found = cls(distribution.metadata["Name"], distribution.version)
        for file in distribution.files or []:
            path = PurePosixPath(str(file))
            if path.suffix != ".py" or any(part in SKIPPED_MODULE_PARTS for part in path.parts):
                continue
            parts = list(path.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            if parts and all(part.isidentifier() for part in parts):
                found.modules[".".join(parts)] = str(file.locate())
        return found

    def modules_to_import(self) -> list[str]:
        selected = []
        for module, file in sorted(self.modules.items()):
            if CLASS_MODULE_PARTS & set(module.split(".")):
                selected.append(module)
                continue
            try:
                with open(file, encoding="utf-8") as handle:
                    text = handle.read()
            except OSError:
                continue
            if any(marker in text for marker in ALIAS_MARKERS):
                selected.append(module)
        return selected


def import_quietly(module_name: str) -> tuple[Any, str | None]:
    """Import a module, returning (module, None) or (None, reason) without letting it stop the build."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return importlib.import_module(module_name), None
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # noqa: BLE001 - optional provider extras fail in many ways
            return None, f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"[:300]


# --- one class ------------------------------------------------------------------------------


def _is_json_value(value: Any) -> bool:
    if value is None or isinstance(value, (bool, int, str)):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, (list, tuple)):
        return all(_is_json_value(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _is_json_value(item) for key, item in value.items())
    return False


def _json_value(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _json_value(item) for key, item in value.items()}
    return value


def encode_default(value: Any) -> dict[str, Any]:
    """The catalog form of a parameter default: ``default`` when JSON can hold it, else ``default_text``."""
    if isinstance(value, enum.Enum) and _is_json_value(value.value):
        value = value.value  # YAML users write the enum's value, e.g. trigger_rule: all_success
    if _is_json_value(value) and not isinstance(value, enum.Enum):
        return {"default": _json_value(value)}
    text = repr(value)
    if type(value).__name__ == "ArgNotSet":  # Airflow's "not given" sentinel
        text = "NOTSET"
    elif inspect.isclass(value) or inspect.isfunction(value):
        text = dotted_path(value) if inspect.isclass(value) else f"{value.__module__}.{value.__qualname__}"
    return {"default_text": text[:200]}


def annotation_text(annotation: Any) -> str | None:
    if annotation is inspect.Parameter.empty:
        return None
    if isinstance(annotation, str):
        return annotation
    return inspect.formatannotation(annotation)


def _class_source_facts(cls: type, argument_names: set[str]) -> source_scan.ClassSourceFacts | None:
    try:
        source = textwrap.dedent(inspect.getsource(cls))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError):
        return None
    class_node = source_scan.find_class(tree, cls.__name__)
    return source_scan.scan_class(class_node, argument_names) if class_node else None


def _merged_param_descriptions(cls: type) -> dict[str, str]:
    """``:param`` text for a class, looking through its own docstrings first, then the MRO's."""
    merged: dict[str, str] = {}
    for klass in cls.__mro__:
        for doc in (klass.__dict__.get("__doc__"), getattr(klass.__dict__.get("__init__"), "__doc__", None)):
            for name, text in docstrings.param_descriptions(doc).items():
                merged.setdefault(name, text)
    return merged


def _decorator_deprecation(cls: type) -> str | None:
    """The reason given to ``@deprecated`` (the ``deprecated`` package, or PEP 702) on this class."""
    marker = cls.__dict__.get("__deprecated__")
    if isinstance(marker, str):
        return marker
    new = cls.__dict__.get("__new__")
    function = getattr(new, "__func__", new)
    for cell in getattr(function, "__closure__", None) or ():
        try:
            content = cell.cell_contents
        except ValueError:
            continue
        reason = getattr(content, "reason", None)
        if reason is not None and type(content).__name__.endswith("Adapter"):
            return str(reason) or "deprecated"
    return None


def class_deprecation(cls: type, source_facts: source_scan.ClassSourceFacts | None) -> dict[str, Any] | None:
    message, source = _decorator_deprecation(cls), "decorator"
    if message is None and source_facts and source_facts.class_deprecation:
        message, source = source_facts.class_deprecation, "warning in __init__"
    if message is None:
        doc = inspect.cleandoc(cls.__dict__.get("__doc__") or "")
        if doc.lower().startswith("deprecated") or ".. deprecated::" in doc:
            message, source = docstrings.summary(doc) or "deprecated", "docstring"
    if message is None:
        return None
    candidates = list(
        dict.fromkeys(name for name in _CLASS_NAME_IN_TEXT.findall(message) if name.rpartition(".")[2] != cls.__name__)
    )
    found = candidates[0] if len(candidates) == 1 else None  # several names: no single replacement
    return {"message": " ".join(message.split()), "replacement": found, "source": source}


def describe_class(cls: type, roots: TaskRoots) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "kind": roots.kind_of(cls),
        "summary": docstrings.summary(cls.__dict__.get("__doc__")),
        "bases": [dotted_path(base) for base in cls.__mro__[1:] if base is not object],
    }
    source_facts = None
    try:
        signature = inspect.signature(cls.__init__) if "__init__" in cls.__dict__ else None  # type: ignore[misc]
    except (ValueError, TypeError):  # no introspectable signature: treat as defining no arguments
        signature = None
    if signature is not None:
        parameters = [
            parameter
            for parameter in list(signature.parameters.values())[1:]  # skip self
            if parameter.kind not in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD, parameter.POSITIONAL_ONLY)
        ]
        has_kwargs = any(parameter.kind == parameter.VAR_KEYWORD for parameter in signature.parameters.values())
        source_facts = _class_source_facts(cls, {parameter.name for parameter in parameters})
        descriptions = _merged_param_descriptions(cls)
        arguments = []
        for parameter in parameters:
            argument: dict[str, Any] = {"name": parameter.name}
            annotation = annotation_text(parameter.annotation)
            if annotation:
                argument["annotation"] = annotation
            argument["required"] = parameter.default is inspect.Parameter.empty
            if not argument["required"]:
                argument.update(encode_default(parameter.default))
            description = descriptions.get(parameter.name)
            if description:
                argument["description"] = description
            deprecated = source_facts.deprecated_arguments.get(parameter.name) if source_facts else None
            if deprecated is None and description and docstrings.looks_deprecated(description):
                deprecated = description
            if deprecated is not None:
                argument["deprecated"] = " ".join(deprecated.split())
            arguments.append(argument)
        forwards = has_kwargs
        if source_facts is not None and source_facts.forwards_kwargs is not None:
            forwards = source_facts.forwards_kwargs
        entry["init"] = {"forwards_kwargs": bool(forwards and has_kwargs), "arguments": arguments}
    for attribute in ("template_fields", "template_ext"):
        value = getattr(cls, attribute, None)
        if isinstance(value, (set, frozenset)):
            value = sorted(value, key=str)  # sets have no order; sort so that builds are reproducible
        if isinstance(value, (list, tuple)) and value:
            entry[attribute] = [str(item) for item in value]
    renderers = getattr(cls, "template_fields_renderers", None)
    if isinstance(renderers, dict) and renderers:
        entry["template_fields_renderers"] = {str(key): str(value) for key, value in renderers.items()}
    deprecation = class_deprecation(cls, source_facts)
    if deprecation:
        entry["deprecation"] = deprecation
    return entry


# --- classes and aliases of a whole build --------------------------------------------------


@dataclass
class BuildScan:
    """Everything found by importing the requested distributions' modules."""

    roots: TaskRoots
    distributions: dict[str, DistributionModules]
    classes: dict[str, type] = field(default_factory=dict)  # canonical path -> class
    owner: dict[str, str] = field(default_factory=dict)  # canonical path -> distribution name
    aliases: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # dist -> path -> alias
    skipped: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    imported: dict[str, list[Any]] = field(default_factory=dict)  # dist -> imported modules

    def owner_of_module(self, module_name: str) -> str | None:
        """The requested distribution that installed a module (or its nearest installed parent)."""
        parts = module_name.split(".")
        while parts:
            candidate = ".".join(parts)
            for name, distribution in self.distributions.items():
                if candidate in distribution.modules:
                    return name
            parts.pop()
        return None


def scan(distribution_names: list[str]) -> BuildScan:
    roots = TaskRoots.load()
    distributions = {}
    for requested in distribution_names:
        found = DistributionModules.find(requested)
        distributions[found.name] = found
    result = BuildScan(roots, distributions)
    for name, distribution in distributions.items():
        result.skipped[name] = []
        result.imported[name] = []
        for module_name in distribution.modules_to_import():
            module, error = import_quietly(module_name)
            if module is None:
                result.skipped[name].append({"module": module_name, "error": error or "import failed"})
                continue
            result.imported[name].append(module)
            for obj in list(vars(module).values()):
                if not inspect.isclass(obj) or obj.__module__ != module.__name__:
                    continue
                # Task classes, and mixins whose __init__ adds task arguments (ResumableJobMixin's
                # `durable`): taken whether or not this build also scans a class that uses them,
                # so a distribution's catalog does not depend on which others were built with it.
                if roots.is_task_class(obj) or (_is_named_mixin(obj) and "__init__" in obj.__dict__):
                    result.classes[dotted_path(obj)] = obj
                    result.owner[dotted_path(obj)] = name
    _add_mixins(result)
    _add_deprecation_tool_aliases(result)
    _add_reexport_aliases(result)
    return result


def _is_named_mixin(cls: type) -> bool:
    return cls.__name__.endswith(("Mixin", "MixIn"))


def _add_mixins(result: BuildScan) -> None:
    """Catalogue non-task classes whose ``__init__`` adds arguments ahead of BaseOperator in an MRO."""
    roots = (result.roots.operator, result.roots.notifier)
    for cls in list(result.classes.values()):
        if cls in roots:
            continue
        for base in cls.__mro__[1:]:
            if base in roots:
                break
            if result.roots.is_task_class(base) or "__init__" not in base.__dict__:
                continue
            owner = result.owner_of_module(base.__module__)
            if owner is not None and dotted_path(base) not in result.classes:
                result.classes[dotted_path(base)] = base
                result.owner[dotted_path(base)] = owner


def _resolve(target: str, attribute: str) -> Any:
    """Resolve an alias target as Airflow's deprecation tools do: an attribute path, or a module."""
    module_name, _, name = target.rpartition(".")
    for module_path, attr in ((module_name, name), (target, attribute)):
        if not module_path:
            continue
        module, _ = import_quietly(module_path)
        if module is not None and hasattr(module, attr):
            return getattr(module, attr)
    return None


def _record_alias(result: BuildScan, alias: str, obj: Any, entry: dict[str, Any]) -> None:
    if not inspect.isclass(obj):
        return
    canonical = dotted_path(obj)
    if canonical not in result.classes or canonical == alias:
        return
    owner = result.owner_of_module(alias.rpartition(".")[0])
    if owner is None:
        return
    result.aliases.setdefault(owner, {}).setdefault(alias, {"target": canonical, **entry})


def _add_deprecation_tool_aliases(result: BuildScan) -> None:
    """Aliases registered with ``airflow.utils.deprecation_tools.add_deprecated_classes``."""
    for module in list(sys.modules.values()):
        hook = getattr(module, "__dict__", {}).get("__getattr__")
        if not isinstance(hook, functools.partial) or hook.func.__name__ != DEPRECATION_TOOLS_FUNCTION:
            continue
        imports, module_name = hook.args[0], hook.args[1]
        for name, target in imports.items():
            if name == "*":
                continue  # whole-module redirects carry no class names
            alias = f"{module_name}.{name}"
            _record_alias(
                result,
                alias,
                _resolve(target, name),
                {
                    "deprecated": True,
                    "message": f"{alias} is deprecated; import {target} instead.",
                    "source": "airflow.utils.deprecation_tools.add_deprecated_classes",
                },
            )


def _add_reexport_aliases(result: BuildScan) -> None:
    """Public re-exports: names in a module's ``__all__`` and classes a package ``__init__`` exposes."""
    for modules in result.imported.values():
        for module in modules:
            names = set(getattr(module, "__all__", ()) or ())
            if str(getattr(module, "__file__", "")).endswith("__init__.py"):
                names |= {name for name, obj in vars(module).items() if inspect.isclass(obj)}
            for name in sorted(names):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    try:
                        obj = getattr(module, name)
                    except Exception:  # noqa: BLE001 - lazy attributes may fail to import
                        continue
                _record_alias(
                    result, f"{module.__name__}.{name}", obj, {"deprecated": False, "source": "re-export"}
                )
