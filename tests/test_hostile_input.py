"""Hostile input is bounded: nothing explodes, nothing is constructed or executed."""

from __future__ import annotations

import time

from wflint.engine import Project, lint_text

def _bomb() -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    return "\n".join(lines)


BOMB = _bomb()


def test_alias_bomb_is_answered_quickly():
    text = "etl:\n  tasks: []\n" + BOMB + "\n"
    started = time.perf_counter()
    result = lint_text("bomb.yml", text, Project())
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0  # a guard against expansion (9**9 nodes), not a benchmark
    assert result.workflow.document.aliases == 72


def test_deep_nesting_stops_with_a_diagnostic():
    text = "etl:\n  tasks: " + "[" * 100_000 + "]" * 100_000 + "\n"
    result = lint_text("deep.yml", text, Project())
    assert [d.code for d in result.diagnostics] == ["WF001"]
    assert "nesting deeper than" in result.diagnostics[0].message


def test_deep_block_nesting_does_not_recurse():
    text = "etl:\n  tasks:\n" + "".join("  " * (i + 2) + f"k{i}:\n" for i in range(3000))
    result = lint_text("deep.yml", text, Project())
    assert "WF001" in {d.code for d in result.diagnostics}


def test_python_tags_are_never_constructed(tmp_path):
    marker = tmp_path / "executed"
    text = (
        "etl:\n  tasks: []\n  x: !!python/object/apply:os.system ['touch " + str(marker) + "']\n"
        "  y: !!python/name:os.system\n"
    )
    result = lint_text("tags.yml", text, Project())
    assert not marker.exists()
    assert [d.code for d in result.diagnostics].count("WF003") == 2


def test_ten_megabyte_file_finishes():
    task = "    - task_id: t{i}\n      operator: airflow.providers.standard.operators.empty.EmptyOperator\n      doc_md: '" + "x" * 100 + "'\n"
    text = "etl:\n  tasks:\n" + "".join(task.format(i=i) for i in range(50_000))
    assert len(text) > 10_000_000
    result = lint_text("big.yml", text, Project())
    assert len(result.workflow.dags[0].tasks) == 50_000
