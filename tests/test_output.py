"""The output formats of `wflint check`, byte for byte: summaries, snippets and carets under
wide characters, control characters made visible, SARIF URIs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wflint.cli import main

EMPTY = "airflow.providers.standard.operators.empty.EmptyOperator"

CLEAN = f"""\
etl:
  schedule: "@daily"
  tasks:
    - task_id: extract
      operator: {EMPTY}
"""

ONE_ERROR = CLEAN.replace('  schedule: "@daily"', '  schedule_interval: "@daily"')
ERROR_AND_WARNING = ONE_ERROR.replace("  tasks:", "  schedul: x\n  tasks:")


def run(capsys, *args):
    code = main(["check", "--no-cache", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / ".git").mkdir()  # bounds the defaults.yml search, like a real repository
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- summary line ----------------------------------------------------------------------------


def test_summary_of_one_clean_file_is_singular(project, capsys):
    Path("dag.yml").write_text(CLEAN)
    assert run(capsys, "dag.yml")[1] == "All checks passed (1 file).\n"


def test_summary_of_several_and_of_no_files_is_plural(project, capsys):
    Path("a.yml").write_text(CLEAN)
    Path("b.yml").write_text(CLEAN.replace("etl:", "etl2:"))
    assert run(capsys, ".")[1] == "All checks passed (2 files).\n"
    Path("a.yml").unlink()
    Path("b.yml").unlink()
    assert run(capsys, ".")[1] == "All checks passed (0 files).\n"


def test_summary_of_one_problem_in_one_file_is_singular(project, capsys):
    Path("dag.yml").write_text(ONE_ERROR)
    code, out, _ = run(capsys, "--no-source", "dag.yml")
    assert code == 1
    assert out.splitlines()[-1] == "Found 1 problem (1 error) in 1 file. 1 fixable with `wflint check --fix`."


def test_summary_of_problems_in_several_files_is_plural(project, capsys):
    Path("a.yml").write_text(ERROR_AND_WARNING)
    Path("b.yml").write_text(ERROR_AND_WARNING.replace("etl:", "etl2:"))
    out = run(capsys, "--no-source", ".")[1]
    assert out.splitlines()[-1] == "Found 4 problems (2 errors, 2 warnings) in 2 files. 2 fixable with `wflint check --fix`."
