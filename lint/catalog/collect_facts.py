"""Airflow-wide facts for templates and task arguments, read from the installed task SDK.

Runs inside the builder's Airflow environment; Airflow is imported inside the function.
"""

from __future__ import annotations

import inspect
import types
from typing import Any

# Template variables that Airflow 2 offered and Airflow 3 removed, with Airflow 2's suggested
# replacements. Airflow 3 no longer ships this table, so it is kept here as data, from:
#   Airflow 2.10 source, airflow/utils/context.py, Context._DEPRECATION_REPLACEMENTS, and the
#   Airflow 3.0.0 release notes ("Removed execution_date, next_ds, next_ds_nodash,
#   next_execution_date, prev_ds, prev_ds_nodash, prev_execution_date, prev_execution_date_success,
#   tomorrow_ds, yesterday_ds and yesterday_ds_nodash from Airflow context").
# Names that the installed Airflow still offers are dropped when the facts are built.
AIRFLOW2_REMOVED_TEMPLATE_NAMES: dict[str, list[str]] = {
    "execution_date": ["logical_date", "data_interval_start"],
    "next_ds": ["{{ data_interval_end | ds }}"],
    "next_ds_nodash": ["{{ data_interval_end | ds_nodash }}"],
    "next_execution_date": ["data_interval_end"],
    "prev_ds": [],
    "prev_ds_nodash": [],
    "prev_execution_date": [],
    "prev_execution_date_success": ["prev_data_interval_start_success"],
    "tomorrow_ds": [],
    "tomorrow_ds_nodash": [],
    "yesterday_ds": [],
    "yesterday_ds_nodash": [],
}
# Task arguments and trigger rules that Airflow 3.0 removed, with the replacement the release notes
# name. Source: Airflow 3.0.0 release notes, "Removed a set of deprecations in BaseOperator".
# Entries the installed Airflow still accepts are dropped when the facts are built.
AIRFLOW3_REMOVED_TASK_ARGUMENTS: dict[str, str | None] = {"task_concurrency": "max_active_tis_per_dag"}
AIRFLOW3_REMOVED_TRIGGER_RULES: dict[str, str | None] = {
    "dummy": "always",
    "none_failed_or_skipped": "none_failed_min_one_success",
}
REMOVED_IN_AIRFLOW3_SOURCE = 'Airflow 3.0.0 release notes, "Removed a set of deprecations in BaseOperator"'
REMOVED_NAMES_SOURCE = (
    "Airflow 2.10 airflow/utils/context.py Context._DEPRECATION_REPLACEMENTS and the Airflow 3.0.0 "
    "release notes; filtered against the installed airflow.sdk.definitions.context.Context"
)


def _macro_kind(value: Any) -> str:
    if isinstance(value, types.ModuleType):
        return "module"
    if inspect.isclass(value):
        return "class"
    if callable(value):
        return "function"
    return "value"


def collect() -> dict[str, Any]:
    import airflow.sdk.execution_time.macros as macros_module
    from airflow.sdk import BaseOperator, BaseSensorOperator

    try:
        from airflow.sdk import TriggerRule, WeightRule
    except ImportError:  # task SDK 1.0.x (Airflow 3.0) exports them only from airflow.utils
        from airflow.utils.trigger_rule import TriggerRule
        from airflow.utils.weight_rule import WeightRule
    from airflow.sdk.definitions import context as context_module
    from airflow.sdk.definitions._internal import templater

    context_names = sorted(context_module.Context.__annotations__)
    macros = {}
    for name, value in sorted(vars(macros_module).items()):
        # Skip private names and what the module imports only for typing.
        if name.startswith("_") or name in {"annotations", "TYPE_CHECKING"}:
            continue
        if getattr(value, "__module__", None) == "typing" or name in {"Any"}:
            continue
        macros[name] = _macro_kind(value)
    removed = {
        name: {"replacements": replacements}
        for name, replacements in AIRFLOW2_REMOVED_TEMPLATE_NAMES.items()
        if name not in context_names
    }
    trigger_rules = [rule.value for rule in TriggerRule]
    task_arguments = set(inspect.signature(BaseOperator.__init__).parameters)
    return {
        "trigger_rules": trigger_rules,
        "weight_rules": [rule.value for rule in WeightRule],
        "sensor_modes": list(BaseSensorOperator.valid_modes),
        "template_context": context_names,
        "template_filters": sorted(getattr(templater, "FILTERS", {})),
        "macros": macros,
        "removed_template_names": removed,
        "removed_task_arguments": {
            name: {"replacement": replacement}
            for name, replacement in AIRFLOW3_REMOVED_TASK_ARGUMENTS.items()
            if name not in task_arguments
        },
        "removed_trigger_rules": {
            name: {"replacement": replacement}
            for name, replacement in AIRFLOW3_REMOVED_TRIGGER_RULES.items()
            if name not in trigger_rules
        },
        "sources": {
            "trigger_rules": f"{TriggerRule.__module__}.TriggerRule",
            "weight_rules": f"{WeightRule.__module__}.WeightRule",
            "sensor_modes": "airflow.sdk.BaseSensorOperator.valid_modes",
            "template_context": f"{context_module.__name__}.Context",
            "template_filters": f"{templater.__name__}.FILTERS",
            "macros": macros_module.__name__,
            "removed_template_names": REMOVED_NAMES_SOURCE,
            "removed_task_arguments": REMOVED_IN_AIRFLOW3_SOURCE,
            "removed_trigger_rules": REMOVED_IN_AIRFLOW3_SOURCE,
        },
    }
