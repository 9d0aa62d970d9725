"""The runtime-value checks (WF7xx): judging per Airflow release, fixes, and odd input.

What real Airflow said for each verdict is noted in the golden fixtures (tests/golden/runtime/).
"""

from __future__ import annotations

import pytest

from wflint.engine import Project, lint_text
from wflint.fixes import apply_edits, safe_edits
from wflint.objects import catalogs, judge


class _Ctx:
    """The little of a RuleContext the object lookups use, with a target release."""

    def __init__(self, target=None):
        self.cache = {}
        self.target = target


def _codes(text, path="dags/x.yaml"):
    result = lint_text(path, text, Project())
    return [(d.code, d.severity.label, d.line) for d in result.diagnostics], result


DATASET = """\
d:
  schedule:
    - __type__: airflow.datasets.Dataset
      uri: s3://b/k
  tasks:
    - task_id: t
      operator: airflow.providers.standard.operators.empty.EmptyOperator
"""


def test_without_a_configured_target_the_newest_release_is_judged():
    """No target configured and no Airflow installed: the newest versions known (issue 12), so
    `airflow.datasets` (gone in 3.3.2) is an error; the MWAA Serverless profile pins 3.0.6,
    which still has it. (The multi-release judging of `judge` remains for contexts that name no
    release.)"""
    found, _ = _codes(DATASET)
    assert ("WF701", "error", 3) in found
    from wflint.config import Config

    result = lint_text("dags/x.yaml", DATASET, Project(Config(profile="mwaa-serverless")))
    assert "WF701" not in {d.code for d in result.diagnostics}


def test_judge_takes_the_target_release_when_there_is_one():
    def check(catalog):
        status, _ = catalog.resolve("airflow.datasets.Dataset")
        return [] if status == "ok" else [("k", (0, 1), "missing", None)]

    assert judge(_Ctx("3.0.6"), check) == []
    assert judge(_Ctx("3.3.2"), check) == [((0, 1), "missing", None, None)]  # certain: the rule's severity
    (only,) = judge(_Ctx(), check)
    assert only[3] == "warning" and "3.0.6" in only[1]
    assert [c.airflow_version for c in catalogs(_Ctx())] == ["3.3.2", "3.0.6"]


def test_the_yaml11_fix_quotes_the_value_as_written():
    text = """\
d:
  tasks:
    - task_id: t
      operator: airflow.providers.standard.operators.bash.BashOperator
      bash_command: echo
      env:
        COUNTRY: NO
        AT: 12:30
"""
    _, result = _codes(text)
    fixed = apply_edits(text, safe_edits([d for d in result.diagnostics if d.code == "WF730"]))
    assert 'COUNTRY: "NO"' in fixed and 'AT: "12:30"' in fixed


@pytest.mark.parametrize(
    "body",
    [
        "  x: {__type__: 5}\n",
        "  x: {__type__: datetime.timedelta, __args__: {a: 1}}\n",
        "  x: {__type__: datetime.timedelta, __args__: [1, 2, 3, 4, 5]}\n",
        "  x: {__type__: '', days: 1}\n",
        "  x: {__type__: datetime., days: 1}\n",
        "  x: {__type__: datetime.timedelta, ? [a]: 1}\n",
        "  x: &a {__type__: datetime.timedelta, days: 1}\n  y: {<<: *a, hours: x}\n",
        "  params: {p: {__type__: airflow.sdk.Param, default: 1, type: [bad]}}\n",
        "  params: {p: {__type__: airflow.sdk.Param, default: 1, minimum: '3'}}\n",
        "  on_failure_callback: {callback: 5}\n",
        "  on_failure_callback: {callback: [a]}\n",
        "  on_failure_callback: ''\n",
        "  tasks: [{task_id: t, operator: a.B, partial: 5, expand: [1]}]\n",
        "  tasks: [{task_id: t, operator: a.B, expand: {x: null}, env: [1]}]\n",
    ],
)
def test_odd_input_gets_diagnostics_not_crashes(body):
    found, _ = _codes("d:\n" + body)
    assert not [code for code, _, _ in found if code == "WF000"], found


def test_a_value_from_the_environment_is_not_judged():
    found, _ = _codes("d:\n  start_date: {__type__: datetime.datetime, year: 2024, month: $MONTH, day: 1}\n")
    assert "WF703" not in {code for code, _, _ in found}
