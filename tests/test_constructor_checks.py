"""The constructor checks (`schemas/constructor-checks.json`, WF750): the shipped data is what
the builder writes in the real Airflow environments, the reader picks the release to judge for,
and conditions are decided in three-valued logic (unknown values never report)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from wflint.catalog.constructor_data import UNKNOWN, checks_for, holds, release_for
from wflint.catalog.model import OperatorInfo

REPO = Path(__file__).resolve().parents[1]
BUILDER = REPO / "lint" / "catalog" / "constructor_checks.py"
ORACLES = [Path("/opt/oracle/af306/bin/python"), Path("/opt/oracle/af332/bin/python")]
BASE = "airflow.sdk.bases.operator.BaseOperator"
SENSOR = "airflow.sdk.bases.sensor.BaseSensorOperator"


def test_shipped_data_is_what_the_builder_writes(tmp_path):
    if not all(python.exists() for python in ORACLES):
        pytest.skip("the reference Airflow environments are not installed")
    out = tmp_path / "constructor-checks.json"
    for python in ORACLES:
        env = {**os.environ, "AIRFLOW_HOME": str(tmp_path / "home")}
        subprocess.run([str(python), str(BUILDER), "--out", str(out)], check=True, env=env, capture_output=True,
                       timeout=300)
    shipped = REPO / "schemas" / "constructor-checks.json"
    assert json.loads(out.read_text()) == json.loads(shipped.read_text()), "rebuild: scripts/build_constructor_checks.sh"


def test_the_reader_picks_the_same_release_else_the_newest_earlier_one():
    assert release_for("apache-airflow-task-sdk", "1.0.6") == "1.0.6"
    assert release_for("apache-airflow-task-sdk", "1.2.0") == "1.0.6"
    assert release_for("apache-airflow-task-sdk", "1.0.0") == "1.0.6"  # older than all: the oldest
    assert release_for("apache-airflow-task-sdk", None) == "1.3.2"
    assert release_for("no-such-package", "1.0") is None


def _info(path, bases=()):
    return OperatorInfo(path=path, canonical_path=path, kind="operator", bases=tuple(bases))


def test_a_class_gets_its_bases_checks():
    checks, defaults = checks_for(_info("airflow.providers.standard.sensors.time_delta.TimeDeltaSensor",
                                        (SENSOR, BASE)), None)
    arguments = {name for check in checks for name in check.arguments}
    assert {"pool_slots", "priority_weight", "retries", "poke_interval", "timeout", "never_fail"} <= arguments
    assert defaults["pool_slots"] == 1


def test_conditions_are_three_valued():
    checks, defaults = checks_for(_info(BASE), None)
    slots = next(c for c in checks if c.arguments == ("pool_slots",) and "less than 1" in c.message)
    assert holds(slots.when, {"pool_slots": 0}) is True
    assert holds(slots.when, {"pool_slots": 2}) is False
    assert holds(slots.when, {"pool_slots": UNKNOWN}) is None
    assert holds(slots.when, {"pool_slots": "two"}) is None  # Python raises TypeError: not this check
    retries = next(c for c in checks if c.arguments == ("retries",))
    assert holds(retries.when, {"retries": "three"}) is True
    assert holds(retries.when, {"retries": "3"}) is False
    assert holds(retries.when, {"retries": None}) is False


def test_infinite_numbers_are_judged_without_crashing(tmp_path):
    """`.inf` where the constructor converts to int: Python raises OverflowError, which the
    conversion checks do not describe, so nothing is claimed (found by tests/test_fuzz.py)."""
    from wflint.engine import Project, lint_text

    text = ("d:\n  schedule: null\n  start_date: 2024-01-01\n  tasks:\n    - task_id: t\n"
            "      operator: airflow.providers.standard.operators.empty.EmptyOperator\n"
            "      retries: .inf\n      pool_slots: .inf\n      priority_weight: .inf\n")
    codes = [d.code for d in lint_text("d.yaml", text, Project()).diagnostics]
    assert "WF000" not in codes
