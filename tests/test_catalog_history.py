"""Release histories (schemas/catalogs/release-histories/<distribution>.json.gz): every release from the one
MWAA Serverless runs up to the newest, merged by scripts/build_catalogs.py from the catalogs the
builder wrote in each release's own environment.

The merge must give each release back exactly; the shipped histories must agree with the newest
catalogs shipped beside them and, for a sample release, with a fresh build in that release's
environment (/opt/oracle/af306: Airflow 3.0.6, task SDK 1.0.6, amazon provider 9.30.0; skipped where
absent).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from wflint.catalog import Catalog
from wflint.catalog.history import ReleaseHistory, gunzip_if_needed, merge, ranges_text, release_key, write

REPO = Path(__file__).resolve().parents[1]
HISTORIES = REPO / "schemas" / "catalogs" / "release-histories"
SHIPPED = REPO / "schemas" / "catalogs"
ORACLE = Path("/opt/oracle/af306/bin/python")
# What changes from one build to the next without the release changing.
# What changes from one build to the next without the release changing (skipped_modules: which
# optional providers the build environment had).
VOLATILE = ("built_at", "python_version", "builder_version", "skipped_modules")
AMAZON = "apache-airflow-providers-amazon"


def _catalog(version: str, classes: dict, aliases: dict | None = None, facts: dict | None = None) -> dict:
    document = {"format": "wflint-operator-catalog", "format_version": 1, "package": "pkg", "version": version,
                "airflow_version": "3.0.6", "python_version": "3.11.7", "built_at": version,
                "builder_version": "1", "classes": classes, "aliases": aliases or {}, "skipped_modules": []}
    if facts is not None:
        document["facts"] = facts
    return document


def _operator(*arguments: str, summary: str = "Runs.") -> dict:
    return {"kind": "operator", "summary": summary, "bases": [],
            "init": {"forwards_kwargs": True,
                     "arguments": [{"name": name, "required": False, "default": None} for name in arguments]}}


def test_merge_gives_every_release_back_and_stores_each_value_once(tmp_path):
    releases = [
        _catalog("1.9.0", {"m.Old": _operator("a"), "m.Op": _operator("a")}, facts={"rules": ["x"]}),
        _catalog("1.10.0", {"m.Op": _operator("a", "b")}, {"m.Alias": {"target": "m.Op", "deprecated": False}},
                 facts={"rules": ["x"]}),
        _catalog("1.11.0", {"m.Op": _operator("a", "b", summary="Runs it.")}, facts={"rules": ["x", "y"]}),
    ]
    history = merge(list(reversed(releases)))  # any order in, release order out
    assert history["releases"] == ["1.9.0", "1.10.0", "1.11.0"]
    op = history["classes"]["m.Op"]
    assert op["arguments"]["a"] == [["1.9.0-1.11.0", {"name": "a", "required": False, "default": None}]]
    assert [ranges for ranges, _ in op["arguments"]["b"]] == ["1.10.0-1.11.0"]
    # The class itself: its argument list grows in 1.10.0, its summary changes in 1.11.0.
    assert [ranges for ranges, _ in op["class"]] == ["1.9.0", "1.10.0", "1.11.0"]
    assert op["class"][1][1]["init"]["arguments"] == ["a", "b"]
    assert [ranges for ranges, _ in history["classes"]["m.Old"]["class"]] == ["1.9.0"]
    assert [ranges for ranges, _ in history["facts"]["rules"]] == ["1.9.0-1.10.0", "1.11.0"]
    loaded = ReleaseHistory.read(write(tmp_path, history))
    for release in releases:
        assert loaded.at(release["version"]) == release


def test_ranges_are_runs_of_consecutive_releases():
    releases = ["9.30.0", "9.31.0", "9.32.0", "9.33.0", "9.34.0"]
    assert ranges_text([0, 1, 2, 4], releases) == "9.30.0-9.32.0,9.34.0"
    assert sorted(["3.1.10", "3.1.9", "3.10.0", "3.1.0rc1", "3.1.0"], key=release_key) == [
        "3.1.0rc1", "3.1.0", "3.1.9", "3.1.10", "3.10.0"]


def _history(package: str) -> ReleaseHistory:
    return ReleaseHistory.read(HISTORIES / f"{package}.json.gz")


def _without_volatile(document: dict) -> dict:
    return {key: value for key, value in document.items() if key not in VOLATILE}


def test_histories_hold_every_release_from_mwaa_serverless_up_to_the_newest():
    amazon = _history(AMAZON).releases
    assert amazon[0] == "9.30.0" and amazon[-1] == "9.39.0"
    assert {"9.31.0", "9.35.0", "9.35.1", "9.38.0"} <= set(amazon)
    core = _history("apache-airflow-core").releases
    assert core[0] == "3.0.6" and core[-1] == "3.3.2" and {"3.1.0", "3.2.0", "3.3.0"} <= set(core)
    sdk = _history("apache-airflow-task-sdk").releases
    assert sdk[0] == "1.0.6" and sdk[-1] == "1.3.2"
    kubernetes = _history("apache-airflow-providers-cncf-kubernetes").releases
    assert kubernetes[0] == "10.6.1" and kubernetes[-1] == "10.25.0" and "10.15.0" in kubernetes


@pytest.mark.parametrize("package", [AMAZON, "apache-airflow-core", "apache-airflow-task-sdk",
                                     "apache-airflow-providers-cncf-kubernetes"])
def test_the_newest_release_of_a_history_is_the_newest_catalog_shipped(package):
    shipped = json.loads(next(SHIPPED.glob(f"{package}.json*")).read_bytes())
    history = _history(package)
    assert history.releases[-1] == shipped["version"]
    assert _without_volatile(history.at(shipped["version"])) == _without_volatile(shipped)


def test_a_target_release_between_the_ends_is_answered_as_itself():
    catalog = Catalog.default()
    path = "airflow.providers.amazon.aws.operators.quicksight.QuickSightCreateIngestionOperator"
    arguments = {release: set(catalog.at({AMAZON: release}).lookup(path).arguments)
                 for release in _history(AMAZON).releases}
    assert "waiter_delay" not in arguments["9.30.0"] and "waiter_delay" in arguments["9.39.0"]
    first = next(release for release, names in arguments.items() if "waiter_delay" in names)
    assert first not in ("9.30.0",)
    assert catalog.at({AMAZON: first}).lookup(path).package_version == first


@pytest.mark.skipif(not ORACLE.exists(), reason="no Airflow 3.0.6 environment at /opt/oracle/af306")
def test_a_sample_release_matches_a_fresh_build_in_its_environment():
    """Airflow 3.0.6 / task SDK 1.0.6 / amazon 9.30.0, built as scripts/build_catalogs.py builds them."""
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as out:
        subprocess.run([str(ORACLE), str(REPO / "lint" / "catalog" / "build.py"), "--out", out],
                       check=True, capture_output=True, env={**os.environ, "AIRFLOW_HOME": home})
        fresh = {}
        for built in Path(out).glob("*.json*"):
            document = json.loads(gunzip_if_needed(built.name, built.read_bytes()))
            fresh[document.get("package")] = document
        for package in ("apache-airflow-core", "apache-airflow-task-sdk"):
            shipped = _history(package).at(fresh[package]["version"])
            assert _without_volatile(shipped) == _without_volatile(fresh[package]), package
        # The script installs the providers some amazon modules import (EKS: cncf-kubernetes) beside
        # the release; this environment lacks them, so it skips those modules, and only those.
        amazon = fresh[AMAZON]
        shipped = _history(AMAZON).at(amazon["version"])
        assert {path: shipped["classes"][path] for path in amazon["classes"]} == amazon["classes"]
        skipped = {entry["module"] for entry in amazon["skipped_modules"]}
        extra = {path.rpartition(".")[0] for path in set(shipped["classes"]) - set(amazon["classes"])}
        assert "airflow.providers.amazon.aws.operators.eks" in extra and extra <= skipped
