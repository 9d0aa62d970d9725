"""Fixes change what they fix and nothing else: anchors, tags, quotes and block scalars stay as
written, and a fix that would make the YAML invalid is never written."""

from __future__ import annotations

from pathlib import Path

import pytest

from wflint.cli import main
from wflint.diagnostics import Diagnostic, Fix, Severity, TextEdit
from wflint.engine import Project, lint_text
from wflint.fixes import fix_text

OLD = "airflow.operators.bash.BashOperator"
NEW = "airflow.providers.standard.operators.bash.BashOperator"
HEAD = 'a:\n  start_date: 2025-01-01\n  schedule: "@daily"\n  catchup: false\n  tasks:\n'


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    "written, fixed",
    [
        (f"operator: &op {OLD}\n      bash_command: echo\n    - task_id: u\n      operator: *op",
         f"operator: &op {NEW}\n      bash_command: echo\n    - task_id: u\n      operator: *op"),
        (f"operator: |\n        {OLD}", f"operator: |\n        {NEW}"),
        (f"operator: >-\n        {OLD}", f"operator: >-\n        {NEW}"),
        (f'operator: !!str "{OLD}"', f'operator: !!str "{NEW}"'),
        (f"operator: '{OLD}'", f"operator: '{NEW}'"),
        (f"operator: !!str\n        {OLD}", f"operator: !!str\n        {NEW}"),
    ],
    ids=["anchor", "literal-block", "folded-block", "tag-and-quotes", "single-quotes", "tag-on-its-own-line"],
)
def test_a_replaced_value_keeps_its_anchor_tag_quotes_and_block_style(workspace, capsys, written, fixed):
    Path("dag.yml").write_text(f"{HEAD}    - task_id: t\n      {written}\n      bash_command: echo\n")
    assert main(["check", "--no-cache", "--fix", "dag.yml"]) == 0, capsys.readouterr().out
    assert Path("dag.yml").read_text() == f"{HEAD}    - task_id: t\n      {fixed}\n      bash_command: echo\n"


def test_a_renamed_key_keeps_its_anchor(workspace, capsys):
    Path("dag.yml").write_text('a:\n  &k schedule_interval: "@daily"\n  tags: [*k]\n  tasks: []\n')
    main(["check", "--no-cache", "--fix", "dag.yml"])
    assert Path("dag.yml").read_text() == 'a:\n  &k schedule: "@daily"\n  tags: [*k]\n  tasks: []\n'


def test_a_fix_that_would_break_the_yaml_is_rolled_back():
    text = "etl:\n  schedule: '@daily'\n  tasks: []\n"
    project = Project()
    result = lint_text("dag.yml", text, project)
    start = text.index("'@daily'")
    broken = Diagnostic("WF999", "test", Severity.ERROR, "dag.yml", start, start + 8, "m",
                        fix=Fix("Break it", (TextEdit(start, start + 8, "[unclosed"),)))
    result.diagnostics = [broken]
    fixed, after, rolled_back = fix_text(result, project)
    assert rolled_back and fixed == text and after is result


def test_the_summary_says_how_many_problems_were_fixed(workspace, capsys):
    Path("dag.yml").write_text(f'a:\n  schedule_interval: "@daily"\n  tasks:\n    - task_id: t\n      operator: {OLD}\n'
                               "      bash_command: echo\n      dependencies: [x]\n")
    Path("clean.yml").write_text('b:\n  schedule: "@daily"\n  tasks: []\n')
    assert main(["check", "--no-cache", "--no-source", "--fix", "."]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2:] == ["Fixed 2 problems in 1 file.", "Found 1 problem (1 error) in 1 file (2 files checked)."]


def test_fix_keeps_the_files_owner_and_mode(workspace, capsys):
    import os

    path = Path("dag.yml")
    path.write_text('a:\n  schedule_interval: "@daily"\n  tasks: []\n')
    os.chmod(path, 0o640)
    if os.getuid() == 0:
        os.chown(path, 1234, 1234)
    main(["check", "--no-cache", "--fix", "dag.yml"])
    status = os.stat(path)
    assert "schedule:" in path.read_text() and status.st_mode & 0o777 == 0o640
    if os.getuid() == 0:
        assert (status.st_uid, status.st_gid) == (1234, 1234)
