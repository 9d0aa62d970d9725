"""The object catalog (`schemas/objects/`): the shipped data is what the builder writes in the
real Airflow environments, and the reader picks the release to judge for."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from wflint.catalog.objects import available_versions, objects_for

REPO = Path(__file__).resolve().parents[1]
BUILDER = REPO / "lint" / "catalog" / "objects.py"
ORACLES = {"3.0.6": Path("/opt/oracle/af306/bin/python"), "3.3.2": Path("/opt/oracle/af332/bin/python")}


@pytest.mark.parametrize("version", sorted(ORACLES))
def test_shipped_data_is_what_the_builder_writes(version, tmp_path):
    python = ORACLES[version]
    if not python.exists():
        pytest.skip(f"no Airflow {version} environment at {python}")
    env = {**os.environ, "AIRFLOW_HOME": str(tmp_path / "home")}
    out = tmp_path / "objects.json"
    subprocess.run([str(python), str(BUILDER), "--out", str(out)], check=True, env=env, capture_output=True, timeout=300)
    shipped = REPO / "schemas" / "objects" / f"objects-{version}.json"
    assert json.loads(out.read_text()) == json.loads(shipped.read_text()), (
        f"rebuild: {python} lint/catalog/objects.py --out schemas/objects/")


def test_the_reader_picks_the_newest_release_at_or_below_the_target():
    versions = available_versions()
    assert versions == sorted(versions, key=lambda v: tuple(map(int, v.split("."))))
    assert objects_for().airflow_version == versions[-1]
    assert objects_for("3.0.6").airflow_version == "3.0.6"
    assert objects_for("3.1.0").airflow_version == "3.0.6"
    assert objects_for("9.0").airflow_version == versions[-1]


def test_class_paths_resolve_per_release():
    old, new = objects_for("3.0.6"), objects_for("3.3.2")
    assert old.resolve("airflow.datasets.Dataset") == ("ok", "airflow.sdk.definitions.asset.Asset")
    assert new.resolve("airflow.datasets.Dataset") == ("no-module", None)
    assert new.resolve("airflow.sdk.Asset")[0] == "ok"
    assert new.resolve("airflow.sdk.Assett") == ("no-name", None)
    assert new.resolve("my_company.things.Widget") == ("unknown", None)  # not covered: not judged
    timedelta = new.signature("datetime.timedelta")
    assert "minutes" in timedelta.keywords and "minute" not in timedelta.keywords
    datetime = new.signature("datetime.datetime")
    assert datetime.keywords["month"].range == [1, 12]
    timetable = new.signature(new.resolve("airflow.timetables.trigger.CronTriggerTimetable")[1])
    assert timetable.keywords["timezone"].required


def test_the_shipped_data_is_small():
    total = sum(p.stat().st_size for p in (REPO / "schemas" / "objects").glob("objects-*.json"))
    assert total < 150_000


def test_kubernetes_models_join_every_release():
    for version in ("3.0.6", "3.3.2"):
        catalog = objects_for(version)
        status, canonical = catalog.resolve("kubernetes.client.models.V1Container")
        assert status == "ok" and canonical.endswith("v1_container.V1Container")
        assert catalog.resolve("kubernetes.client.V1Container") == ("ok", canonical)
        container = catalog.signature(canonical)
        assert container.keywords["name"].required and not container.keywords["image"].required
        assert catalog.resolve("kubernetes.client.models.V1Podd") == ("no-name", None)
