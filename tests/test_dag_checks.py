"""schemas/dag-checks.json: what Airflow's DAG class refuses, recorded from the real class of each
shipped release by lint/catalog/dag_checks.py (rebuilt here where the environments exist)."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from wflint.catalog.dag_checks import dag_checks_for

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "schemas" / "dag-checks.json"
ORACLES = {"3.0.6": Path("/opt/oracle/af306/bin/python"), "3.3.2": Path("/opt/oracle/af332/bin/python")}


def test_the_release_for_a_target_is_the_same_or_the_one_before():
    assert dag_checks_for("3.0.6")["airflow_version"] == "3.0.6"
    assert dag_checks_for("3.2.1")["airflow_version"] == "3.0.6"
    assert dag_checks_for(None)["airflow_version"] == "3.3.2"
    assert dag_checks_for("2.10.0")["airflow_version"] == "3.0.6"  # older than all: the oldest


def test_each_release_knows_the_continuous_limit_and_its_message():
    for release in ("3.0.6", "3.3.2"):
        facts = dag_checks_for(release)
        assert facts["schedules"]["@continuous"] == {"timetable": "ContinuousTimetable", "active_runs_limit": 1,
                                                     "scheduled": True}
        assert facts["schedules"]["none"]["scheduled"] is False
        assert facts["default_max_active_runs"] == 16
        assert facts["refusals"]["catchup_without_start_date"] == "start_date is required when catchup=True"


@pytest.mark.parametrize("release", sorted(ORACLES))
def test_the_shipped_facts_match_a_fresh_read_of_the_release(release):
    python = ORACLES[release]
    if not python.exists():
        pytest.skip(f"no Airflow {release} environment at {python}")
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as out:
        target = Path(out) / "dag-checks.json"
        subprocess.run([str(python), str(REPO / "lint" / "catalog" / "dag_checks.py"), "--out", str(target)],
                       check=True, capture_output=True, env={**os.environ, "AIRFLOW_HOME": home})
        fresh = json.loads(target.read_text())["releases"][release]
    assert fresh == json.loads(SHIPPED.read_text())["releases"][release]
