"""What the features know about Airflow, through one thin adapter over the core.

The catalog (`wflint.catalog`), schedules (`wflint.schedules`) and the schema are owned by the
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


@functools.lru_cache(maxsize=8)
def _catalog_for(paths: tuple[str, ...]):
    try:
        try:
            from wflint.catalog import Catalog  # the package's public name, once exported
        except ImportError:
            from wflint.catalog.store import Catalog
        return Catalog.from_paths(paths) if paths else Catalog.default()
    except Exception:  # the catalog is being built by others; degrade to "unknown"
        log.exception("operator catalog unavailable")
        return None


def catalog(config=None):
    """The catalog for a folder's config (its `catalogs` on top of the shipped ones)."""
    paths: tuple[str, ...] = ()
    if config is not None and getattr(config, "catalogs", ()):
        paths = tuple(config.resolve(path) for path in config.catalogs)
    return _catalog_for(paths)


def operator_info(config, import_path: str):
    cat = catalog(config)
    if cat is None or not import_path:
        return None
    try:
        return cat.lookup(import_path)
    except Exception:
        log.exception("catalog lookup failed for %s", import_path)
        return None


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


def explain_schedule(expression: str) -> str | None:
    """Plain English for a preset or cron expression; None when it is neither."""
    expression = expression.strip()
    try:
        from wflint.schedules import explain_schedule as core_explain  # owned by the core

        text = core_explain(expression)
        if text:
            return str(text)
    except Exception:
        pass
    if expression in SCHEDULE_PRESETS:
        return SCHEDULE_PRESETS[expression]
    if expression.lower() == "none":
        return SCHEDULE_PRESETS["None"]
    return _explain_cron(expression)


def is_cron(expression: str) -> bool:
    fields = expression.split()
    return len(fields) in (5, 6) and not expression.startswith("@") and all(
        all(ch.isalnum() or ch in "*/,-?#LW" for ch in field) for field in fields
    )


def next_runs(expression: str, timezone: str | None, count: int = 5) -> list[dt.datetime]:
    expression = PRESET_CRON.get(expression.strip(), expression.strip())
    tz = _zone(timezone)
    try:
        from wflint.schedules import next_runs as core_next_runs

        return list(core_next_runs(expression, tz if tz is not None else timezone, count))
    except Exception:
        pass
    if not is_cron(expression):
        return []
    try:
        from croniter import croniter

        start = dt.datetime.now(tz or dt.timezone.utc)
        iterator = croniter(expression, start)
        return [iterator.get_next(dt.datetime) for _ in range(count)]
    except Exception:
        return []


def _zone(name: str | None):
    if not name:
        return dt.timezone.utc
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(str(name))
    except Exception:
        return None


_DAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def _explain_cron(expression: str) -> str | None:
    """A short reading of the common cron shapes; the core's explainer replaces this."""
    if not is_cron(expression):
        return None
    fields = expression.split()
    if len(fields) != 5:
        return f"cron `{expression}`"
    minute, hour, dom, month, dow = fields
    if minute.isdigit() and hour.isdigit():
        when = f"at {int(hour):02d}:{int(minute):02d}"
    elif minute.isdigit() and hour == "*":
        when = f"at minute {int(minute)} of every hour"
    elif minute.startswith("*/") and hour == "*":
        when = f"every {minute[2:]} minutes"
    elif minute == "*" and hour == "*":
        when = "every minute"
    elif minute.isdigit() and hour.startswith("*/"):
        when = f"at minute {int(minute)} every {hour[2:]} hours"
    elif minute.isdigit() and all(part.isdigit() for part in hour.split(",")):
        when = "at " + ", ".join(f"{int(h):02d}:{int(minute):02d}" for h in hour.split(","))
    else:
        when = f"at minute {minute} past hour {hour}"
    days = []
    if dow != "*" and dom == "*":
        names = []
        for part in dow.split(","):
            if "-" in part and all(p.isdigit() for p in part.split("-")):
                lo, hi = (int(p) for p in part.split("-"))
                names.append(f"{_DAYS[lo % 8]} through {_DAYS[hi % 8]}")
            elif part.isdigit() and int(part) <= 7:
                names.append(_DAYS[int(part)])
            else:
                names.append(part)
        days.append("on " + ", ".join(names))
    elif dom != "*":
        days.append(f"on day {dom} of the month")
    elif not when.startswith("every"):
        days.append("every day")
    if month != "*":
        names = [_MONTHS[int(m)] if m.isdigit() and 1 <= int(m) <= 12 else m for m in month.split(",")]
        days.append("in " + ", ".join(names))
    return " ".join([when, *days])


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
