"""Project rules (WF6xx): checks across the files linted together, through the CLI.

What real Airflow said:
- duplicate DAG ids (WF601), Airflow 3.0.6 + DAG Factory 1.0.1, DagBag over two YAML files that
  define `same_id`: with one loader per file, `AirflowDagDuplicatedIdException: Ignoring DAG
  same_id from .../load_b.py - also found in .../load_a.py`; with one `load_yaml_dags` over the
  folder, the first DAG is kept and the second dropped with no error.
- an unknown `trigger_dag_id` (WF603): TriggerDagRunOperator.execute raises
  `DagNotFound("Dag id ... not found in DagModel")` (providers/standard/operators/trigger_dagrun.py
  in the 3.0.6 environment) when the task runs; DAG parsing accepts it, so this is a warning.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "project" / "dags"


def wflint(*args: str, cwd: Path) -> tuple[int, dict]:
    completed = subprocess.run([sys.executable, "-m", "wflint", "check", "--format", "json", *args],
                               capture_output=True, text=True, cwd=cwd, env={**os.environ, "WFLINT_NO_CACHE": ""})
    return completed.returncode, json.loads(completed.stdout)


def found(report: dict) -> list[tuple[str, int, int, str]]:
    return sorted((Path(d["path"]).name, d["line"], d["column"], d["code"]) for d in report["diagnostics"]
                  if d["code"].startswith("WF6"))


@pytest.fixture
def dags(tmp_path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "dags")
    return tmp_path / "dags"


def test_every_project_rule_over_a_folder(dags):
    code, report = wflint("--no-cache", "dags", cwd=dags.parent)
    assert code == 1
    assert found(report) == [
        ("marketing.yaml", 13, 23, "WF604"),  # loop_a -> loop_b -> loop_a
        ("sales.yaml", 2, 1, "WF601"),  # daily_report, first defined in marketing.yaml
        ("sales.yaml", 9, 17, "WF604"),  # daily_report -> (asset) summary -> (trigger) daily_report
        ("sales.yaml", 12, 23, "WF603"),  # trigger_dag_id: sumary
        ("sales.yaml", 15, 42, "WF602"),  # refunds.parquet: nobody produces it
        ("sales.yaml", 21, 25, "WF603"),  # external_task_id: lod
    ]
    by_code = {d["code"]: d for d in report["diagnostics"] if d["path"].endswith("sales.yaml")}
    assert "did you mean `summary`?" in next(d["message"] for d in report["diagnostics"]
                                             if d["code"] == "WF603" and d["line"] == 12)
    related = by_code["WF601"]["related"][0]
    assert Path(related["path"]).name == "marketing.yaml" and (related["line"], related["column"]) == (1, 1)
    assert by_code["WF601"]["severity"] == "error"


def test_files_named_alone_are_judged_only_by_rules_that_need_no_more(dags):
    """A pre-commit run names changed files: the rest of the project is unknown, so only the
    duplicate ids among the named files are reported."""
    _, report = wflint("--no-cache", "dags/sales.yaml", cwd=dags.parent)
    assert found(report) == []
    _, report = wflint("--no-cache", "dags/sales.yaml", "dags/marketing.yaml", cwd=dags.parent)
    assert found(report) == [("sales.yaml", 2, 1, "WF601")]


def test_configuration_names_what_lives_outside_the_project(dags):
    (dags.parent / "wflint.toml").write_text('external-assets = ["s3://lake/refunds.parquet"]\nexternal-dags = ["sumary"]\n')
    _, report = wflint("--no-cache", "dags", cwd=dags.parent)
    assert ("sales.yaml", 15, 42, "WF602") not in found(report)
    assert ("sales.yaml", 12, 23, "WF603") not in found(report)


def test_inline_suppression_and_per_file_ignores_apply(dags):
    text = (dags / "sales.yaml").read_text().replace("trigger_dag_id: sumary", "trigger_dag_id: sumary  # wflint: ignore[WF603]")
    (dags / "sales.yaml").write_text(text)
    (dags.parent / "wflint.toml").write_text('[per-file-ignores]\n"dags/marketing.yaml" = ["WF604"]\n')
    _, report = wflint("--no-cache", "dags", cwd=dags.parent)
    codes = found(report)
    assert ("sales.yaml", 12, 23, "WF603") not in codes
    assert ("marketing.yaml", 13, 23, "WF604") not in codes
    assert not [d for d in report["diagnostics"] if d["code"] == "WF090"]  # the suppression was used


def test_the_cache_follows_other_files(dags):
    """A file's project diagnostics come from every file's facts, recomputed on each run: editing
    the producer changes the consumer's result on the next cached run."""
    _, first = wflint("dags", cwd=dags.parent)
    _, cached = wflint("dags", cwd=dags.parent)
    assert found(cached) == found(first)
    producer = dags / "sales.yaml"
    producer.write_text(producer.read_text().replace('outlets: ["s3://lake/orders.parquet"]', 'outlets: []'))
    _, after = wflint("dags", cwd=dags.parent)
    orders = [d for d in after["diagnostics"] if d["code"] == "WF602" and "orders.parquet" in d["message"]]
    assert [(d["line"], d["column"]) for d in orders] == [(15, 14)]
    assert ("sales.yaml", 9, 17, "WF604") not in found(after)  # the asset edge of the loop is gone


def test_unreadable_outlets_give_no_verdict_on_producers(dags):
    extra = dags / "other.yaml"
    extra.write_text("other:\n  schedule: null\n  start_date: 2024-01-01\n  tasks:\n    - task_id: t\n"
                     "      operator: airflow.providers.standard.operators.empty.EmptyOperator\n"
                     "      outlets: \"{{ params.assets }}\"\n")
    _, report = wflint("--no-cache", "dags", cwd=dags.parent)
    assert not [d for d in report["diagnostics"] if d["code"] == "WF602"]
