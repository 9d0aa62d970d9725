"""Issue 14's first-run rough edges of `wflint check` (ruff is the model)."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from wflint.cli import main

EMPTY = "airflow.providers.standard.operators.empty.EmptyOperator"
CLEAN = f"etl:\n  schedule: \"@daily\"\n  tasks:\n    - task_id: extract\n      operator: {EMPTY}\n"
BROKEN = f"etl:\n  schedule_interval: \"@daily\"\n  schedul: x\n  tasks:\n    - task_id: extract\n      operator: {EMPTY}\n"


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_named_file_that_is_not_a_workflow_is_reported_as_skipped(project, capsys):
    Path("empty.yaml").write_text("")
    Path("nokey.yaml").write_text("schedule: null\ntasks:\n  - task_id: t\n")
    Path("dag.yaml").write_text(CLEAN)
    code, out, err = run(capsys, "check", "empty.yaml", "nokey.yaml", "dag.yaml")
    assert code == 0
    assert "All checks passed (1 file checked, 2 skipped)." in out
    assert "empty.yaml: skipped, not a workflow: the file is empty" in err
    assert "nokey.yaml: skipped, not a workflow: no top-level key holds DAG settings" in err
    assert err.count("workflow-files") == 2


def test_the_summary_counts_files_with_problems(project, capsys):
    Path("bad.yaml").write_text(BROKEN)
    Path("a.yaml").write_text(CLEAN)
    Path("b.yaml").write_text(CLEAN.replace("etl:", "etl2:"))
    Path("notes.yaml").write_text("items: [1, 2]\n")
    _, out, _ = run(capsys, "check", "--no-source", ".")
    last = out.splitlines()[-1]
    assert last.startswith("Found ") and " in 1 file (3 files checked, 1 skipped)." in last


def test_check_dash_reads_standard_input(project, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BROKEN.encode())))
    code, out, _ = run(capsys, "check", "--no-source", "-")
    assert code == 1
    assert out.splitlines()[0].startswith("-:2:3: WF024")


def test_fixable_marked_and_unsafe_fixes_applied_only_on_request(project, capsys):
    Path("bad.yaml").write_text(BROKEN)
    _, out, _ = run(capsys, "check", "--no-source", "bad.yaml")
    lines = out.splitlines()
    assert lines[0].startswith("bad.yaml:2:3: WF024 [*] ")  # safe: the rename
    assert lines[1].startswith("bad.yaml:3:3: WF010 unknown key `schedul`")  # did-you-mean: unsafe, not marked
    assert lines[-1].endswith("1 fixable with `wflint check --fix` (1 more with `--unsafe-fixes`).")
    run(capsys, "check", "--fix", "bad.yaml")
    assert "schedul:" in Path("bad.yaml").read_text()
    Path("bad.yaml").write_text(BROKEN.replace("schedule_interval", "max_active_runs: 1\n  description"))
    _, out, _ = run(capsys, "check", "--no-source", "--unsafe-fixes", "bad.yaml")
    assert " WF010 [*] " in out
    run(capsys, "check", "--fix", "--unsafe-fixes", "bad.yaml")
    assert "schedul:" not in Path("bad.yaml").read_text() and "schedule: x" in Path("bad.yaml").read_text()
