"""What Airflow's DAG refuses when it is built, read from the real DAG class of each release.

    /opt/oracle/af306/bin/python lint/catalog/dag_checks.py --out schemas/dag-checks.json
    /opt/oracle/af332/bin/python lint/catalog/dag_checks.py --out schemas/dag-checks.json

Run inside an Airflow environment: it builds DAGs with Airflow's own class (never a user's file)
and records, for this Airflow release, the validators' verdicts and messages: which schedules
limit the number of active runs (`@continuous`: 1) and whether they are scheduled at all, the
default `max_active_runs` (the `[core] max_active_runs_per_dag` default) and whether
`catchup: true` needs a `start_date`: the validators that compare settings (single-field ones are
lint/catalog/constructor_checks.py's). The output file keeps one entry per release, so both
environments write into the same file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import sys
from pathlib import Path

PRESETS = ("@once", "@continuous", "@hourly", "@daily", "@weekly", "@monthly", "@quarterly", "@yearly")
CRON_SAMPLE = "0 6 * * *"  # any cron expression: the same timetable class


def _refusal(**kwargs) -> str | None:
    """The message of the ValueError Airflow raises building DAG(**kwargs), or None when it builds."""
    from airflow.sdk import DAG

    try:
        DAG(dag_id="wflint_probe", **kwargs)
    except ValueError as error:
        return str(error)
    return None


def collect() -> dict:
    import airflow
    from airflow.configuration import conf
    from airflow.sdk import DAG

    start = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    schedules = {}
    for schedule in (*PRESETS, CRON_SAMPLE, None):
        timetable = DAG(dag_id="wflint_probe", schedule=schedule, start_date=start, max_active_runs=1).timetable
        schedules["cron" if schedule == CRON_SAMPLE else str(schedule).lower() if schedule is None else schedule] = {
            "timetable": type(timetable).__name__,
            "active_runs_limit": timetable.active_runs_limit,
            "scheduled": bool(timetable.can_be_scheduled),
        }
    default_runs = int(conf.get_default_value("core", "max_active_runs_per_dag"))
    facts = {
        "airflow_version": airflow.__version__,
        "default_max_active_runs": default_runs,
        "default_max_active_runs_source": "[core] max_active_runs_per_dag (Airflow's default configuration)",
        "schedules": schedules,
        "refusals": {},
    }
    refusals = facts["refusals"]
    limited = next((name for name, entry in schedules.items() if entry["active_runs_limit"] is not None), None)
    if limited:
        limit = schedules[limited]["active_runs_limit"]
        message = _refusal(schedule=limited, start_date=start, max_active_runs=limit + 1)
        if message:
            refusals["max_active_runs"] = message
    message = _refusal(schedule=CRON_SAMPLE, catchup=True)
    if message:
        refusals["catchup_without_start_date"] = message
    return facts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    facts = collect()
    document = {"format": "wflint-dag-checks", "format_version": 1, "releases": {}}
    if args.out.is_file():
        document = json.loads(args.out.read_text(encoding="utf-8"))
    document["releases"][facts["airflow_version"]] = facts
    document["releases"] = dict(sorted(document["releases"].items(),
                                       key=lambda item: tuple(int(p) for p in item[0].split(".") if p.isdigit())))
    args.out.write_text(json.dumps(document, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(f"{args.out}: Airflow {facts['airflow_version']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())


# -- reading the shipped data (no Airflow needed) -------------------------------------------------


def _release_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


@functools.lru_cache(maxsize=1)
def _document() -> dict:
    from ..schemas import data_path

    with open(data_path("dag-checks.json"), encoding="utf-8") as handle:
        return json.load(handle)


def dag_checks_for(airflow: str | None) -> dict | None:
    """The facts of the shipped release that stands for `airflow`: the same release, else the
    newest before it (the oldest for an older one); the newest without a target."""
    document = _document()
    releases = sorted(document["releases"], key=_release_key)
    if not releases:
        return None
    if not airflow:
        return document["releases"][releases[-1]]
    earlier = [release for release in releases if _release_key(release) <= _release_key(airflow)]
    return document["releases"][earlier[-1] if earlier else releases[0]]
