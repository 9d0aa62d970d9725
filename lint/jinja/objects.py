"""The template object model: which attributes and methods the objects of Airflow's template
context offer (``ti``, ``dag_run``, ``dag``, the dates and date strings) and the signatures of the
``macros`` functions, for an Airflow version.

The data (``schemas/template-objects.json``) is built by introspecting the real task SDK of each
version (``lint/catalog/template_objects.py``); this module only reads it.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

# Attributes that Airflow 2's template objects had and Airflow 3's do not, with what to write
# instead. Source: Airflow 3.0.0 release notes ("execution_date" removed everywhere in favour of
# "logical_date"; DagRun.external_trigger removed, see run_type; TaskInstance.previous_* helpers
# replaced by the prev_*_success context variables). Used only where the version's model lacks the
# attribute. The replacement replaces the whole `root.attribute` when it starts with "{{".
REMOVED_ATTRIBUTES: dict[tuple[str, str], str] = {
    ("task_instance", "execution_date"): "logical_date",
    ("task_instance", "previous_start_date_success"): "prev_start_date_success",
    ("task_instance", "previous_ti"): "",
    ("task_instance", "previous_ti_success"): "",
    ("dag_run", "execution_date"): "logical_date",
    ("dag_run", "external_trigger"): "run_type",
}
# Where a macro reads its date string, and with which format (airflow/sdk/execution_time/macros.py:
# ds_add parses `ds` with "%Y-%m-%d"; ds_format and ds_format_locale with their `input_format`).
MACRO_DATE_ARGUMENTS: dict[str, tuple[str, str]] = {
    "ds_add": ("ds", "%Y-%m-%d"),
    "ds_format": ("ds", "input_format"),
    "ds_format_locale": ("ds", "input_format"),
}
# A value of each date-string context variable, for checking formats against it.
SAMPLE_VALUES = {"ds": "2024-01-31", "ds_nodash": "20240131"}
# What a user calls each modelled type in a message.
TYPE_TITLES = {
    "task_instance": "task instance", "dag_run": "DAG run", "dag": "DAG", "datetime": "date", "str": "string",
    "connection": "connection", "variables": "`var` mapping (`var.value.<name>`, `var.json.<name>`)",
}


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str  # p (positional only), pk, v (*args), k (keyword only), vk (**kwargs)
    required: bool
    annotation: str


@dataclass(frozen=True)
class ObjectType:
    name: str
    class_path: str
    attributes: frozenset[str]
    methods: dict  # name -> tuple[Parameter, ...] | None
    dynamic: str | None = None  # the type any other attribute gives (`conn.<id>` -> connection)

    @property
    def class_name(self) -> str:
        return self.class_path.rpartition(".")[2]

    def has(self, member: str) -> bool:
        return member in self.attributes or member in self.methods

    @property
    def members(self) -> frozenset[str]:
        return self.attributes | frozenset(self.methods)


@dataclass(frozen=True)
class ObjectModel:
    airflow_version: str
    context: dict  # context name -> type name
    types: dict  # type name -> ObjectType
    macros: dict  # name -> tuple[Parameter, ...] | None

    def type_of(self, name: str) -> ObjectType | None:
        type_name = self.context.get(name)
        return self.types.get(type_name) if type_name else None


def _parameters(raw) -> tuple[Parameter, ...] | None:
    return None if raw is None else tuple(Parameter(*entry) for entry in raw)


def _version_key(text: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in text.split("."))


@functools.lru_cache(maxsize=1)
def _document() -> dict:
    from ..schemas import data_path

    with open(data_path("template-objects.json"), encoding="utf-8") as handle:
        return json.load(handle)


@functools.lru_cache(maxsize=8)
def object_model(airflow_version: str | None = None) -> ObjectModel | None:
    """The model of `airflow_version` (the nearest built version at or below it; the oldest
    built one below that), or of the newest built version; None when no data is shipped."""
    try:
        versions = _document()["versions"]
    except (OSError, ValueError, KeyError):
        return None
    if not versions:
        return None
    ordered = sorted(versions, key=_version_key)
    chosen = ordered[-1]
    if airflow_version:
        at_or_below = [v for v in ordered if _version_key(v) <= _version_key(airflow_version)]
        chosen = at_or_below[-1] if at_or_below else ordered[0]
    raw = versions[chosen]
    types = {
        name: ObjectType(
            name, entry["class"], frozenset(entry["attributes"]),
            {method: _parameters(params) for method, params in entry["methods"].items()},
            entry.get("dynamic"),
        )
        for name, entry in raw["types"].items()
    }
    macros = {name: _parameters(params) for name, params in raw["macros"].items()}
    return ObjectModel(chosen, dict(raw["context"]), types, macros)
