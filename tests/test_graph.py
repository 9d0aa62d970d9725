"""The dependency graph at scale: linear, no recursion limit."""

from __future__ import annotations

from wflint.engine import Project, lint_text

EMPTY = "airflow.providers.standard.operators.empty.EmptyOperator"


def chain(n: int, back_edge: bool) -> str:
    lines = ["etl:", "  schedule: '@daily'", "  tasks:"]
    for i in range(n):
        lines += [f"    - task_id: t{i}", f"      operator: {EMPTY}"]
        if i:
            lines.append(f"      dependencies: [t{i - 1}]")
        elif back_edge:
            lines.append(f"      dependencies: [t{n - 1}]")
    return "\n".join(lines) + "\n"


def test_ten_thousand_task_chain_has_no_cycle():
    result = lint_text("chain.yml", chain(10_000, back_edge=False), Project())
    assert [d.code for d in result.diagnostics] == []


def test_ten_thousand_task_cycle_is_one_diagnostic_with_the_full_path():
    result = lint_text("chain.yml", chain(10_000, back_edge=True), Project())
    [cycle] = [d for d in result.diagnostics if d.code == "WF202"]
    assert cycle.message.startswith("dependency cycle: t0 -> t1 -> t2 -> ")
    assert cycle.message.endswith(" -> t9999 -> t0")
    assert len(cycle.related) == 10_000


def test_two_thousand_task_fan_in():
    lines = ["etl:", "  schedule: '@daily'", "  tasks:"]
    for i in range(2000):
        lines += [f"    - task_id: s{i}", f"      operator: {EMPTY}"]
    lines += ["    - task_id: sink", f"      operator: {EMPTY}", "      dependencies:"]
    lines += [f"        - s{i}" for i in range(2000)]
    result = lint_text("fan.yml", "\n".join(lines) + "\n", Project())
    assert result.diagnostics == []
    assert len(result.workflow.dags[0].tasks_by_id["sink"].dependencies) == 2000
