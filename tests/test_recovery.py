"""Lint what parses: recovery from YAML syntax errors (wflint.yaml.recovery), and the editor's
carrying of diagnostics over edits that could not be recovered (wflint.lsp.carry)."""

from __future__ import annotations

import pytest

import wflint.engine as engine
from wflint.engine import Project, lint_text
from wflint.lsp.carry import carry_over, changed_region, needs_carry
from wflint.yaml.recovery import RecoveredDocument, recover
from wflint.yaml.tree import parse_yaml

EMPTY = "airflow.providers.standard.operators.empty.EmptyOperator"
CLEAN = f"""\
etl:
  schedule: "@daily"
  tasks:
    - task_id: extract
      operator: {EMPTY}
    - task_id: load
      operator: {EMPTY}
      dependencies: [extrat]
"""


def codes(text: str, path: str = "/tmp/recovery/etl.yml") -> list[tuple[str, int, int]]:
    result = lint_text(path, text, Project())
    return [(d.code, d.line, d.column) for d in result.diagnostics]


def test_half_typed_key_keeps_the_other_diagnostics_and_points_at_the_key():
    text = CLEAN.replace("      operator: " + EMPTY + "\n    - task_id: load", "      operator: " + EMPTY + "\n      sourc\n    - task_id: load", 1)
    assert codes(text) == [("WF001", 6, 7), ("WF201", 9, 22)]
    [syntax] = [d for d in lint_text("/tmp/recovery/etl.yml", text, Project()).diagnostics if d.code == "WF001"]
    assert (syntax.end_line, syntax.end_column) == (6, 12)  # under `sourc`


def test_half_typed_key_at_the_end_of_the_file():
    assert codes(CLEAN + "      sourc") == [("WF001", 9, 7), ("WF201", 8, 22)][::-1]


def test_a_missing_key_is_not_reported_on_the_entry_being_typed():
    # The task lost its `operator` line to the cut: no WF020 about it while it is typed.
    text = CLEAN.replace(f"      operator: {EMPTY}\n    - task_id: load", f'      operator: "{EMPTY}\n    - task_id: load', 1)
    assert [c for c, _, _ in codes(text)] == ["WF001", "WF201"]


def test_positions_after_the_cut_are_exact_with_crlf_and_non_ascii():
    text = CLEAN.replace("extract", "extrakt_ä", 1).replace("\n", "\r\n") + "      sourc\r\n"
    result = lint_text("/tmp/recovery/etl.yml", text, Project())
    found = {d.code: d for d in result.diagnostics}
    assert (found["WF001"].line, found["WF001"].column, found["WF001"].end_column) == (9, 7, 12)
    assert result.source.text[found["WF201"].start:found["WF201"].end] == "extrat"


def test_recovered_document_is_still_not_syntax_ok():
    text = CLEAN + "      sourc\n"
    document = recover(text, parse_yaml(text))
    assert isinstance(document, RecoveredDocument)
    assert not document.syntax_ok
    assert [p.kind for p in document.problems] == ["syntax"]


def test_a_document_that_parses_is_returned_as_is():
    document = parse_yaml(CLEAN)
    assert recover(CLEAN, document) is document


def test_suppressions_after_the_broken_line_still_apply():
    text = CLEAN.replace("[extrat]", "[extrat]  # wflint: ignore[WF201]").replace(
        f"      operator: {EMPTY}\n    - task_id: load", f"      operator: {EMPTY}\n      sourc\n    - task_id: load", 1)
    assert [c for c, _, _ in codes(text)] == ["WF001"]


def test_broken_file_still_fails_the_cli(tmp_path, capsys):
    from wflint.cli import main

    path = tmp_path / "etl.yml"
    path.write_text(CLEAN + "      sourc\n", encoding="utf-8")
    code = main(["check", "--no-cache", "--no-source", str(path)])
    out = capsys.readouterr().out
    assert code == 1
    assert "WF001" in out and "WF201" in out


@pytest.mark.parametrize("text", [
    "etl:\n  tasks: [a, b\n",
    "etl: {a: 1\n",
    "\t\t\t\n",
    "etl:\n  - a\n  b: 1\n  - c\n",
    '"' * 50 + "\n" + "[" * 30 + "\n",
    "a: b: c: d\n" * 20,
    "",
])
def test_recovery_never_crashes(text):
    lint_text("/tmp/recovery/etl.yml", text, Project())


def unrecovered(text, monkeypatch):
    monkeypatch.setattr(engine, "recover", lambda text, document, source=None: document)
    return lint_text("/tmp/recovery/etl.yml", text, Project())


def test_carry_over_keeps_untouched_diagnostics_shifted(monkeypatch):
    before = CLEAN.replace("  tasks:", "  schedul: x\n  tasks:")
    previous = lint_text("/tmp/recovery/etl.yml", before, Project())
    assert sorted(d.code for d in previous.diagnostics) == ["WF010", "WF201"]
    # Insert two lines that break the YAML above the WF201: it moves down by two lines.
    broken = before.replace("    - task_id: load", "    - task_id: [x\n      y: 1\n    - task_id: load")
    result = unrecovered(broken, monkeypatch)
    assert needs_carry(result)
    shown = carry_over(previous, result)
    by_code = {d.code: d for d in shown}
    assert set(by_code) == {"WF001", "WF010", "WF201"}
    assert broken[by_code["WF201"].start:by_code["WF201"].end] == "extrat"
    assert by_code["WF201"].line == previous.diagnostics[-1].line + 2
    edit = by_code["WF201"].fix.edits[0]
    assert broken[edit.start:edit.end] == "extrat"


def test_carry_over_drops_what_the_edit_touched(monkeypatch):
    previous = lint_text("/tmp/recovery/etl.yml", CLEAN, Project())
    broken = CLEAN.replace("[extrat]", "[extr_t")
    shown = carry_over(previous, unrecovered(broken, monkeypatch))
    assert [d.code for d in shown] == ["WF001"]


def test_carry_over_leaves_recovered_and_clean_results_alone():
    previous = lint_text("/tmp/recovery/etl.yml", CLEAN, Project())
    result = lint_text("/tmp/recovery/etl.yml", CLEAN + "      sourc\n", Project())
    assert not needs_carry(result)
    assert carry_over(previous, result) is result.diagnostics


@pytest.mark.parametrize("old,new,expected", [
    ("abc", "abc", (3, 3, 3)),
    ("abc", "abXc", (2, 2, 3)),
    ("abc", "ac", (1, 2, 1)),
    ("", "x", (0, 0, 1)),
    ("aaaa", "aaaaa", (4, 4, 5)),
])
def test_changed_region(old, new, expected):
    assert changed_region(old, new) == expected


def test_a_value_emptied_by_the_cut_is_not_reported():
    # `tasks:` holds only the broken (tab-indented) item: its null value is the cut's doing.
    assert [c for c, _, _ in codes("etl:\n  tasks:\n\t- task_id: a\n")] == ["WF001"]
