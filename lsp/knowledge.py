"""What the features know about Airflow, through one thin adapter over the core.

The catalog (`wflint.catalog`), schedules (`wflint.schedule`) and the schema are owned by the
core and may be missing or mid-change while the editor runs: every accessor here degrades to
"nothing known" (None / empty) instead of raising, so completion and hover keep working with
whatever is available.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os

log = logging.getLogger(__name__)

SCHEDULE_PRESETS = {
    "@once": "once, at the first scheduling opportunity",
    "@continuous": "continuously: a new run starts as soon as the previous one ends",
    "@hourly": "every hour, at minute 0 (0 * * * *)",
    "@daily": "every day at midnight (0 0 * * *)",
    "@weekly": "every Sunday at midnight (0 0 * * 0)",
    "@monthly": "on the first day of every month at midnight (0 0 1 * *)",
    "@quarterly": "on the first day of every quarter at midnight (0 0 1 */3 *)",
    "@yearly": "on January 1st at midnight (0 0 1 1 *)",
    "None": "never on a schedule: the DAG runs only when triggered",
}
PRESET_CRON = {
    "@hourly": "0 * * * *", "@daily": "0 0 * * *", "@weekly": "0 0 * * 0", "@monthly": "0 0 1 * *",
    "@quarterly": "0 0 1 */3 *", "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@midnight": "0 0 * * *",
}

# Short descriptions of the task context's variables (names come from the catalog's facts).
TEMPLATE_VARIABLES = {
    "ds": "The run's logical date as `YYYY-MM-DD`.",
    "ds_nodash": "The run's logical date as `YYYYMMDD`.",
    "ts": "The logical date as ISO 8601 (`2024-01-01T00:00:00+00:00`).",
    "ts_nodash": "The logical date as `YYYYMMDDTHHMMSS`.",
    "ts_nodash_with_tz": "The logical date as `YYYYMMDDTHHMMSS+0000`.",
    "logical_date": "The run's logical date (a pendulum DateTime).",
    "data_interval_start": "Start of the run's data interval.",
    "data_interval_end": "End of the run's data interval.",
    "prev_data_interval_start_success": "Start of the data interval of the previous successful run.",
    "prev_data_interval_end_success": "End of the data interval of the previous successful run.",
    "prev_start_date_success": "Start date of the previous successful run.",
    "prev_end_date_success": "End date of the previous successful run.",
    "dag": "The DAG object.",
    "dag_run": "The current DagRun.",
    "run_id": "The current run's id.",
    "task": "The current task (operator) object.",
    "task_instance": "The current TaskInstance; `xcom_pull` reads other tasks' results.",
    "ti": "The current TaskInstance (same as `task_instance`).",
    "params": "The DAG's and task's `params`, merged.",
    "macros": "Airflow macros: `macros.ds_add`, `macros.ds_format`, `macros.datetime`, ...",
    "var": "Airflow Variables: `var.value.name`, `var.json.name`.",
    "conn": "Airflow Connections: `conn.my_conn_id.host`.",
    "try_number": "The attempt number of this task instance.",
    "map_index_template": "Template for the map index of a mapped task.",
    "inlets": "The task's inlets.",
    "outlets": "The task's outlets.",
    "inlet_events": "Asset events of the task's inlets.",
    "outlet_events": "Asset events to emit for the task's outlets.",
    "triggering_asset_events": "Asset events that triggered this run.",
    "test_mode": "Whether the task runs under `airflow tasks test`.",
    "task_instance_key_str": "A unique key of the task instance: `dag_task_ds`.",
    "expanded_ti_count": "Number of task instances a mapped task expanded into.",
    "templates_dict": "The task's `templates_dict` argument, rendered.",
}


# What each value of an enumerated argument means (the values themselves come from the catalog's
# facts, derived from the installed Airflow: `trigger_rules`, `weight_rules`, `sensor_modes`).
ENUM_DOCS = {
    "trigger_rule": {
        "all_success": "Runs when every upstream task succeeded. The default.",
        "all_failed": "Runs when every upstream task failed or is `upstream_failed`.",
        "all_done": "Runs when every upstream task finished, whatever its state.",
        "all_done_min_one_success": "Runs when every non-skipped upstream task finished and at least one succeeded.",
        "all_done_setup_success": "Runs when every upstream task finished and every upstream setup task succeeded.",
        "one_success": "Runs as soon as one upstream task succeeded, without waiting for the others.",
        "one_failed": "Runs as soon as one upstream task failed or is `upstream_failed`, without waiting for the others.",
        "one_done": "Runs as soon as one upstream task succeeded or failed.",
        "none_failed": "Runs when no upstream task failed or is `upstream_failed`: each succeeded or was skipped.",
        "none_skipped": "Runs when no upstream task was skipped: each succeeded, failed or is `upstream_failed`.",
        "always": "Runs whatever the upstream tasks did, even before they finish: no dependency at all.",
        "none_failed_min_one_success": "Runs when no upstream task failed or is `upstream_failed`, and at least one succeeded.",
        "all_skipped": "Runs when every upstream task was skipped.",
    },
    "weight_rule": {
        "downstream": "Effective priority: the task's `priority_weight` plus those of all its downstream tasks. The default: tasks early in the graph go first.",
        "upstream": "Effective priority: the task's `priority_weight` plus those of all its upstream tasks: tasks late in the graph go first.",
        "absolute": "Effective priority: the task's own `priority_weight`, nothing added.",
    },
    "mode": {
        "poke": "The sensor keeps its worker slot for its whole run, sleeping `poke_interval` between checks. The default.",
        "reschedule": "The sensor frees its worker slot between checks and is rescheduled after `poke_interval`: for long waits.",
    },
}


def enum_values(key: str, config=None) -> tuple[str, ...]:
    """The values Airflow accepts for `trigger_rule`, `weight_rule` or a sensor's `mode`."""
    facts = airflow_facts(config)
    if facts is None:
        return tuple(ENUM_DOCS.get(key, ()))
    return tuple({"trigger_rule": facts.trigger_rules, "weight_rule": facts.weight_rules,
                  "mode": facts.sensor_modes}.get(key, ()))


def enum_doc(key: str, value: str) -> str | None:
    return ENUM_DOCS.get(key, {}).get(value)


def removed_template_name(name: str) -> str | None:
    """What Airflow 3 offers instead of a template variable it removed (None: not removed)."""
    try:
        from wflint.jinja.analysis import AIRFLOW3_REMOVED_CONTEXT
    except ImportError:
        return None
    return AIRFLOW3_REMOVED_CONTEXT.get(name)


_project_provider = None  # () -> the workspace's current Project


def bind_project(provider) -> None:
    """Use the core's catalog cache (`Project.catalog_for`): one catalog per list of user
    catalogs, shared with the rules and rebuilt when a catalog file changes."""
    global _project_provider
    _project_provider = provider


@functools.lru_cache(maxsize=8)
def _catalog_for(paths: tuple[str, ...]):
    """Without a project (unit use): the shipped catalogs, with user catalogs on top."""
    try:
        from wflint.catalog import Catalog

        return Catalog.from_paths(paths) if paths else Catalog.default()
    except Exception:  # the catalog is being built by others; degrade to "unknown"
        log.exception("operator catalog unavailable")
        return None


def catalog(config=None):
    """The catalog for a folder's config (its `catalogs` on top of the shipped ones), as it is
    at the config's target versions (`wflint.target`): completion offers what the target has."""
    project = _project_provider() if _project_provider is not None else None
    if project is not None:
        try:
            return project.catalog_at(config) if config is not None else project.catalog
        except Exception:
            log.exception("operator catalog unavailable")
            return None
    paths: tuple[str, ...] = ()
    if config is not None and getattr(config, "catalogs", ()):
        paths = tuple(config.resolve(path) for path in config.catalogs)
    return _catalog_for(paths)


def operator_info(config, import_path: str):
    """The operator at the target, its `package_version` and argument descriptions saying since
    which release a class or argument exists where that is later than the oldest catalogued one
    (hover shows both)."""
    cat = catalog(config)
    if cat is None or not import_path:
        return None
    try:
        info = cat.lookup(import_path)
        return _with_since(cat, info) if info is not None and getattr(cat, "versioned", False) else info
    except Exception:
        log.exception("catalog lookup failed for %s", import_path)
        return None


_SINCE: dict[tuple, object] = {}


def _with_since(view, info):
    key = (id(view.catalog), tuple(sorted(view.judged_versions().items())), info.path)
    found = _SINCE.get(key)
    if found is None:
        class_since = view.since(info.canonical_path)
        arguments = dict(info.arguments)
        for name, argument in info.arguments.items():
            since = view.since(info.canonical_path, name)
            if since is not None:
                note = f"Since {since}."
                arguments[name] = argument.replace(description=f"{note} {argument.description}" if argument.description else note)
        version = info.package_version or ""
        if class_since is not None:
            version = f"{version} (since {class_since})".strip()
        found = info.replace(arguments=arguments, package_version=version or None)
        if len(_SINCE) > 512:
            _SINCE.clear()
        _SINCE[key] = found
    return found


def all_operators(config) -> list:
    cat = catalog(config)
    if cat is None:
        return []
    try:
        return list(cat.all_operators())
    except Exception:
        log.exception("catalog listing failed")
        return []


def airflow_facts(config=None):
    cat = catalog(config)
    if cat is None:
        return None
    try:
        return cat.airflow_facts()
    except Exception:
        log.exception("no Airflow facts in the catalog")
        return None


# -- schema ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _schema() -> dict:
    try:
        from wflint.schema import load_schema

        return load_schema()
    except Exception:
        log.exception("schema unavailable")
        return {}


def schema_keys(section: str) -> dict[str, dict]:
    """Keys of a schema section ("dag", "task", "task_group", "default_args") -> property schema."""
    definitions = _schema().get("$defs", {})
    return dict(definitions.get(section, {}).get("properties", {}))


def schema_property(section: str, key: str) -> dict | None:
    return schema_keys(section).get(key)


def schema_types(prop: dict) -> set[str]:
    """JSON types a property allows, following anyOf branches one level."""
    found: set[str] = set()
    for branch in [prop, *prop.get("anyOf", ())]:
        kind = branch.get("type")
        if isinstance(kind, list):
            found.update(kind)
        elif isinstance(kind, str):
            found.add(kind)
    return found


# -- schedules --------------------------------------------------------------------------------
# wflint.schedule explains and computes; the fallbacks only cover presets and plain croniter,
# for a core without it.


def explain_schedule(expression: str) -> str | None:
    """Plain English for a preset or cron expression (or why it is not a valid schedule)."""
    expression = expression.strip()
    try:
        from wflint.schedule.explain import explain_schedule as core_explain

        return str(core_explain(expression)) or None
    except ImportError:
        pass
    if expression in SCHEDULE_PRESETS:
        return SCHEDULE_PRESETS[expression]
    if expression.lower() == "none":
        return SCHEDULE_PRESETS["None"]
    return f"cron `{expression}`" if is_cron(expression) else None


def is_cron(expression: str) -> bool:
    """Whether a schedule is written as cron fields (what an inlay hint explains)."""
    fields = expression.split()
    return 5 <= len(fields) <= 7 and not expression.startswith("@") and all(
        all(ch.isalnum() or ch in "*/,-?#LW" for ch in field) for field in fields
    )


def next_runs(expression: str, timezone: str | None, count: int = 5) -> list[dt.datetime]:
    """The next `count` runs in the DAG's timezone ([] for non-cron schedules or errors)."""
    expression = expression.strip()
    try:
        from wflint.schedule.runs import next_runs as core_next_runs

        return list(core_next_runs(expression, timezone or "UTC", count))
    except ImportError:
        pass
    except Exception:  # an invalid schedule or timezone: the diagnostics say why
        return []
    expression = PRESET_CRON.get(expression, expression)
    if not is_cron(expression):
        return []
    try:
        from zoneinfo import ZoneInfo

        from croniter import croniter

        iterator = croniter(expression, dt.datetime.now(ZoneInfo(timezone or "UTC")))
        return [iterator.get_next(dt.datetime) for _ in range(count)]
    except Exception:
        return []


def resolve_file(value: str, document_path: str, config) -> str | None:
    """A path written in a workflow (python_callable_file) as an existing file, if any."""
    value = os.path.expandvars(value)
    candidates = [value] if os.path.isabs(value) else [
        os.path.join(os.path.dirname(document_path), value),
        *([config.resolve(value)] if config is not None and config.root else []),
    ]
    for candidate in candidates:
        if os.path.isfile(candidate):
            return os.path.abspath(candidate)
    return None


def warm_up() -> None:
    """Load what the first completion or hover would otherwise wait for (run in a thread)."""
    try:
        catalog(None) and list(catalog(None).all_operators())
        airflow_facts(None)
        _schema()
        from wflint.rules import all_rules

        all_rules()
    except Exception:
        log.exception("warm-up failed")
