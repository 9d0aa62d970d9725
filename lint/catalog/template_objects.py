"""The template object model: what the objects of Airflow's template context offer.

Runs inside an Airflow environment (like ``build.py``, it needs nothing from wflint) and adds one
Airflow version's model to a JSON file:

    python lint/catalog/template_objects.py --out schemas/template-objects.json

For each context name whose value is an object (``ti``, ``task_instance``, ``dag_run``, ``dag``,
the dates, the date strings) it records the class the task runner really puts there (read from
``RuntimeTaskInstance.get_template_context``: the runtime task instance itself, the DAG run
model the API server sends, the DAG, pendulum dates, strings) and that class's public attributes
and methods with their signatures; and the signatures of the ``macros`` functions. Jinja looks an
attribute up with ``getattr`` and Airflow renders with ``StrictUndefined``, so a name that is not
there fails the task when it renders.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import sys
from typing import Any

FORMAT = 1

# Where each context object comes from in the task runner (airflow.sdk.execution_time.task_runner,
# RuntimeTaskInstance.get_template_context): "ti" / "task_instance" are the RuntimeTaskInstance,
# "dag_run" is the DagRun model of the execution API (`from_server.dag_run`), "dag" is
# `self.task.dag`. Candidates are tried in order, for the versions that moved them.
RUNTIME_CLASSES: dict[str, list[str]] = {
    "task_instance": ["airflow.sdk.execution_time.task_runner.RuntimeTaskInstance"],
    "dag_run": ["airflow.sdk.api.datamodels._generated.DagRun"],
    "dag": ["airflow.sdk.DAG", "airflow.sdk.definitions.dag.DAG"],
    "datetime": ["pendulum.DateTime"],
    "str": ["builtins.str"],
    # `conn` is a ConnectionAccessor: any attribute is a connection id and gives a Connection.
    "connections": ["airflow.sdk.execution_time.context.ConnectionAccessor"],
    "connection": ["airflow.sdk.definitions.connection.Connection", "airflow.models.connection.Connection"],
}
# Types whose value may be any of their candidates at run time: the members of all of them.
# (A connection comes from the execution API as the SDK's Connection, or from a secrets backend
# such as AIRFLOW_CONN_* environment variables as airflow.models.connection.Connection.)
UNION_TYPES = {"connection"}
# A type whose unknown attributes are looked up at run time (`__getattr__`), and what they give.
DYNAMIC = {"connections": "connection"}
OBJECT_NAMES = {
    "ti": "task_instance", "task_instance": "task_instance", "dag_run": "dag_run", "dag": "dag",
    "conn": "connections", "var": "variables",
}
# Context annotations whose values are of a modelled type.
ANNOTATION_TYPES = {"DateTime": "datetime", "DateTime | None": "datetime", "str": "str"}

_KINDS = {
    inspect.Parameter.POSITIONAL_ONLY: "p",
    inspect.Parameter.POSITIONAL_OR_KEYWORD: "pk",
    inspect.Parameter.VAR_POSITIONAL: "v",
    inspect.Parameter.KEYWORD_ONLY: "k",
    inspect.Parameter.VAR_KEYWORD: "vk",
}


def _load(path: str):
    import importlib

    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def signature(function) -> list[list] | None:
    """[[name, kind, required, annotation], ...] without `self`, or None when Python cannot tell."""
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        return None
    out = []
    for index, parameter in enumerate(parameters):
        if index == 0 and parameter.name in ("self", "cls"):
            continue
        annotation = parameter.annotation
        if annotation is inspect.Parameter.empty:
            annotation = ""
        elif not isinstance(annotation, str):
            annotation = getattr(annotation, "__name__", None) or str(annotation)
        required = parameter.default is inspect.Parameter.empty and parameter.kind not in (
            inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
        out.append([parameter.name, _KINDS[parameter.kind], required, annotation])
    return out


def describe_class(cls) -> dict[str, Any]:
    """Public attributes (data) and methods (with signatures) of `cls` and its bases, including
    pydantic fields and attrs fields, which are instance attributes."""
    attributes: set[str] = set()
    methods: dict[str, list | None] = {}
    for name in dir(cls):
        if name.startswith("_"):
            continue
        try:
            value = inspect.getattr_static(cls, name)
        except AttributeError:
            continue
        if isinstance(value, (staticmethod, classmethod)):
            methods[name] = signature(getattr(cls, name))
        elif inspect.isfunction(value) or inspect.ismethoddescriptor(value) or inspect.isbuiltin(value):
            methods[name] = signature(value)
        else:
            attributes.add(name)
    for klass in getattr(cls, "__mro__", ()):
        attributes.update(name for name in getattr(klass, "__annotations__", {}) if not name.startswith("_"))
    attributes.update(getattr(cls, "model_fields", {}) or {})
    attrs_fields = getattr(cls, "__attrs_attrs__", ())
    attributes.update(field.name.lstrip("_") for field in attrs_fields)
    attributes -= set(methods)
    return {
        "class": f"{cls.__module__}.{cls.__qualname__}",
        "attributes": sorted(attributes),
        "methods": {name: methods[name] for name in sorted(methods)},
    }


def variable_keys() -> list[str]:
    """The keys of the `var` mapping, read from the source of get_template_context (a dict
    literal there: {"json": VariableAccessor(...), "value": VariableAccessor(...)})."""
    import ast
    import textwrap

    from airflow.sdk.execution_time.task_runner import RuntimeTaskInstance

    tree = ast.parse(textwrap.dedent(inspect.getsource(RuntimeTaskInstance.get_template_context)))
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and key.value == "var" and isinstance(value, ast.Dict):
                    return sorted(k.value for k in value.keys if isinstance(k, ast.Constant))
    return []


def collect() -> dict[str, Any]:
    from importlib.metadata import version

    import airflow.sdk.execution_time.macros as macros_module
    from airflow.sdk.definitions.context import Context

    types: dict[str, Any] = {}
    for type_name, candidates in RUNTIME_CLASSES.items():
        for candidate in candidates:
            try:
                described = describe_class(_load(candidate))
            except (ImportError, AttributeError):
                continue
            if type_name not in types:
                types[type_name] = described
            else:  # a union type: the members of every candidate
                types[type_name]["attributes"] = sorted(set(types[type_name]["attributes"]) | set(described["attributes"]))
                types[type_name]["methods"] = dict(sorted({**described["methods"], **types[type_name]["methods"]}.items()))
            if type_name not in UNION_TYPES:
                break
        if type_name in DYNAMIC and type_name in types:
            types[type_name]["dynamic"] = DYNAMIC[type_name]
    variables = describe_class(dict)
    variables.update({"class": "builtins.dict", "attributes": variable_keys()})
    types["variables"] = variables
    context: dict[str, str] = {}
    for name, annotation in Context.__annotations__.items():
        text = getattr(annotation, "__forward_arg__", annotation if isinstance(annotation, str) else "")
        if text.startswith("NotRequired[") and text.endswith("]"):  # a key the runner may leave out
            text = text[len("NotRequired["):-1]
        if name in OBJECT_NAMES:
            context[name] = OBJECT_NAMES[name]
        elif text in ANNOTATION_TYPES:
            context[name] = ANNOTATION_TYPES[text]
    macros = {
        name: signature(value)
        for name, value in sorted(vars(macros_module).items())
        if not name.startswith("_") and inspect.isfunction(value) and value.__module__ == macros_module.__name__
    }
    return {
        "airflow": version("apache-airflow-core") if _has("apache-airflow-core") else version("apache-airflow"),
        "task_sdk": version("apache-airflow-task-sdk"),
        "context": dict(sorted(context.items())),
        "types": types,
        "macros": macros,
        "sources": {
            "context": "airflow.sdk.definitions.context.Context annotations; objects as "
                       "airflow.sdk.execution_time.task_runner.RuntimeTaskInstance.get_template_context builds them",
            "macros": macros_module.__name__,
        },
    }


def _has(distribution: str) -> bool:
    from importlib.metadata import PackageNotFoundError, version

    try:
        version(distribution)
    except PackageNotFoundError:
        return False
    return True


def merge_into(path: str, model: dict[str, Any]) -> dict[str, Any]:
    """Add one version's model to the file at `path` (replacing that version's entry)."""
    document: dict[str, Any] = {"format": FORMAT, "versions": {}}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    document["versions"][model.pop("airflow")] = model
    document["versions"] = dict(sorted(document["versions"].items(), key=lambda item: _version_key(item[0])))
    return document


def _version_key(text: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in text.split("."))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="the JSON file to add this Airflow version's model to")
    args = parser.parse_args(argv)
    document = merge_into(args.out, collect())
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(document, handle, separators=(",", ":"))  # generated data: compact, as installed
        handle.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
