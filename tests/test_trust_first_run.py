"""Issue 14 ("Trust on first run"): the mwaa-serverless profile's precision and honest messages.

What real Airflow said (run with /opt/oracle/af306 = Airflow 3.0.6 + DAG Factory 1.0.1 +
amazon 9.30.0, `dagfactory.load_yaml_dags`):
- `default_args.start_date` as `__type__: datetime.datetime` (year/month/day) and a DAG-level
  quoted `start_date: '2024-06-15'` both load (DAG start_date 2024-06-15 00:00:00+00:00).
- `concurrency: 3` loads with "DeprecationWarning: `concurrency` param is deprecated. Please use
  max_active_tasks." and the DAG's max_active_tasks is 3.
- `email_on_failure` / `email_on_retry` without `email`: no warning (BaseOperator.__init__ warns
  only `if email and email_on_failure is not None`); with `email` set it warns
  "Setting email_on_failure on a task is deprecated; please migrate to SmtpNotifier."
- `doc_md_python_callable_file: /nonexistent.py` without `..._name`: the DAG loads, doc_md is
  the rendered YAML (dagbuilder only calls the callable when both keys are set).
- A top-level `task_groups:` key: DAG Factory 1.0.1 and 1.1.0 skip it (SYSTEM_PARAMS =
  ["default", "task_groups"] in dagfactory/dagfactory.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wflint.config import Config
from wflint.engine import Project, lint_text

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
EMPTY = "airflow.providers.standard.operators.empty.EmptyOperator"


def _found(text, profile=None):
    project = Project(Config(profile=profile)) if profile else Project()
    result = lint_text("dags/x.yaml", text, project)
    return [(d.code, d.severity.label, d.line, d.message) for d in result.diagnostics]


def _codes(text, profile=None):
    return [(c, s, line) for c, s, line, _ in _found(text, profile)]


AWS_FORMS = f"""\
typed:
  schedule: "@daily"
  default_args:
    start_date:
      __type__: datetime.datetime
      year: 2021
      month: 1
      day: 1
  tasks:
    - task_id: t
      operator: {EMPTY}
quoted:
  schedule: "@daily"
  start_date: '2024-06-15'
  default_args:
    start_date: '2024-01-01'
  tasks:
    - task_id: t
      operator: {EMPTY}
"""


def test_wf505_accepts_what_aws_tools_write():
    assert [c for c in _codes(AWS_FORMS, "mwaa-serverless") if c[0] == "WF505"] == []


def test_wf505_keeps_relative_dates_and_times_of_day_in_dag_and_default_args():
    text = f"""\
d:
  schedule: "@daily"
  start_date: 2 days
  end_date: 2030-01-01T06:00:00
  default_args:
    start_date:
      __type__: datetime.datetime
      year: 2021
      month: 1
      day: 1
      hour: 5
  tasks:
    - task_id: t
      operator: {EMPTY}
"""
    found = [c for c in _codes(text, "mwaa-serverless") if c[0] == "WF505"]
    assert found == [("WF505", "error", 3), ("WF505", "warning", 4), ("WF505", "warning", 7)]


def test_shared_seed_workflows_and_converted_corpus_have_no_wf505():
    seeds = sorted((SHARED / "reference" / "seed-workflows").glob("*.yaml"))
    converted = sorted((SHARED / "corpus" / "converted").glob("*.y*ml"))
    if not seeds or not converted:
        pytest.skip("../shared is not available")
    project = Project(Config(profile="mwaa-serverless"))
    for path in seeds + converted:
        result = lint_text(str(path), path.read_text(encoding="utf-8"), project)
        assert [d for d in result.diagnostics if d.code == "WF505"] == [], path


def test_wf506_only_where_the_value_changes_something_and_wf107_yields_to_it():
    text = f"""\
d:
  schedule: "@hourly"
  start_date: 2020-01-01
  catchup: true
  tags: []
  description: ""
  max_active_runs: 16
  default_args:
    email_on_failure: true
    depends_on_past: true
  tasks:
    - task_id: t
      operator: {EMPTY}
e:
  schedule: null
  catchup: false
  tags: [a]
  tasks:
    - task_id: t
      operator: {EMPTY}
"""
    found = _codes(text, "mwaa-serverless")
    assert [c for c in found if c[0] == "WF506"] == [("WF506", "warning", 4), ("WF506", "warning", 10), ("WF506", "warning", 17)]
    assert not [c for c in found if c[0] == "WF107"]
    assert [c[0] for c in _codes(text) if c[0] == "WF107"] == ["WF107"]  # without the profile it counts


def test_wf014_concurrency_says_dag_factory_maps_it_and_offers_the_rename():
    text = f"d:\n  schedule: null\n  concurrency: 3\n  tasks:\n    - task_id: t\n      operator: {EMPTY}\n"
    result = lint_text("dags/x.yaml", text, Project())
    (diag,) = [d for d in result.diagnostics if d.code == "WF014"]
    assert "max_active_tasks" in diag.message and "deprecation warning" in diag.message
    assert diag.fix is not None and diag.fix.safe and diag.fix.edits[0].new_text == "max_active_tasks"
    both = text.replace("  concurrency: 3\n", "  concurrency: 3\n  max_active_tasks: 2\n")
    (diag,) = [d for d in lint_text("dags/x.yaml", both, Project()).diagnostics if d.code == "WF014"]
    assert diag.fix is None


def test_wf307_email_flags_only_with_email():
    text = f"""\
d:
  schedule: null
  default_args:
    email_on_failure: true
  tasks:
    - task_id: t
      operator: {EMPTY}
      email_on_retry: true
e:
  schedule: null
  default_args:
    email: a@b.c
    email_on_failure: true
  tasks:
    - task_id: t
      operator: {EMPTY}
      email_on_retry: true
"""
    assert [c[2] for c in _codes(text) if c[0] == "WF307"] == [12, 13, 17]


def test_wf309_doc_md_file_without_name_is_an_ignored_warning():
    text = f"d:\n  schedule: null\n  doc_md_python_callable_file: /x.py\n  tasks:\n    - task_id: t\n      operator: {EMPTY}\n"
    (found,) = [f for f in _found(text) if f[0] == "WF309"]
    assert found[1] == "warning" and "ignored" in found[3]


def test_top_level_task_groups_is_not_a_dag():
    text = f"task_groups:\n  g1:\n    tooltip: x\nd:\n  schedule: null\n  tasks:\n    - task_id: t\n      operator: {EMPTY}\n"
    assert _codes(text) == []


# Airflow 3.0.6 + DAG Factory 1.0.1 and 3.3.2 + 1.1.0 alike: a task with `sla_secs`,
# `execution_timeout_secs` or (ExternalTaskSensor) `execution_delta_secs` fails to load with
# "TypeError: Invalid arguments were passed to EmptyOperator (task_id: t)"; the same three and
# `retry_delay_sec` in `default_args` load, ignored (retry_delay stays 300 s).
def test_removed_sec_shorthands_are_judged_as_dag_factory_1_does():
    text = f"""\
d:
  schedule: null
  default_args:
    retry_delay_sec: 30
    sla_secs: 30
  tasks:
    - task_id: t
      operator: {EMPTY}
      execution_timeout_secs: 30
"""
    found = [f for f in _found(text) if f[0] == "WF304"]
    assert [(f[1], f[2]) for f in found] == [("warning", 4), ("warning", 5), ("error", 9)]
    assert all("no longer converts" in f[3] for f in found)
    assert "Invalid arguments" not in found[0][3]
    with_profile = _codes(text.replace("retry_delay_sec: 30", "retry_delay_sec: 99999"), "mwaa-serverless")
    assert not [c for c in with_profile if c[0] == "WF503"]  # an ignored key sets no retry delay


def test_asset_operator_typo_is_not_called_airflow2_syntax():
    # DAG Factory 1.0.1: "ValueError: All elements in 'schedule' should be either assets,
    # asset references, or asset aliases" (the DAG fails to load).
    text = f'd:\n  schedule:\n    __orr__: ["s3://a/b", "s3://c/d"]\n  tasks:\n    - task_id: t\n      operator: {EMPTY}\n'
    (found,) = [f for f in _found(text) if f[0] == "WF101"]
    assert "`__orr__` is not an asset operator (did you mean `__or__`?)" in found[3]
    assert "Airflow 2" not in found[3]


def test_sensor_only_conversions_are_not_claimed_for_other_operators():
    # DAG Factory 1.0.1 converts success_check_* only `if issubclass(operator, SqlSensor)`:
    # on a BashOperator the key is passed on and Airflow rejects it.
    text = (f"d:\n  schedule: null\n  tasks:\n    - task_id: t\n"
            "      operator: airflow.providers.standard.operators.bash.BashOperator\n"
            "      bash_command: echo\n      success_check_lambda: 'lambda x: True'\n")
    (found,) = [f for f in _found(text) if f[0] == "WF304"]
    assert "converts it to `success` only for SqlSensor" in found[3] and "passes `success_check_lambda` as" not in found[3]


def test_unclosed_quote_is_reported_at_the_quote_with_the_end_as_related():
    text = 'd:\n  schedule: "@daily\n  tasks:\n    - task_id: t\n'
    result = lint_text("dags/x.yaml", text, Project())
    (diag,) = [d for d in result.diagnostics if d.code == "WF001"]
    assert (diag.line, diag.column) == (2, 13) and "never closed" in diag.message
    (related,) = diag.related
    assert related.start == len(text) and "ends here" in related.message


# Airflow 3.0.6's defaults, read from `DAG("x")` and an EmptyOperator in it (/opt/oracle/af306):
# description None, catchup False, dagrun_timeout None, tags set(), access_control None,
# callbacks None ([] on a task), is_paused_upon_creation None, max_active_runs 16,
# max_consecutive_failed_dag_runs 0; task depends_on_past False, email_on_failure True,
# email_on_retry True, email None. A null or an empty value is the default too.
AIRFLOW_306_DEFAULTS = {"catchup": False, "max_active_runs": 16, "max_consecutive_failed_dag_runs": 0,
                        "depends_on_past": False, "email_on_failure": True, "email_on_retry": True}


def _value_of_key_at(mapping, start):
    from wflint.yaml.tree import Mapping, Scalar, iter_pairs

    for key, value in iter_pairs(mapping):
        if type(key) is Scalar and key.start == start:
            return value
        if type(value) is Mapping:
            found = _value_of_key_at(value, start)
            if found is not None:
                return found
    return None


def test_wf506_never_fires_on_airflows_default_in_the_corpus(corpus):
    from wflint.engine import lint_path
    from wflint.yaml.tree import Mapping, Scalar, Sequence

    project = Project(Config(profile="mwaa-serverless"))
    reported = 0
    for path in sorted(corpus.rglob("*.y*ml")):
        result = lint_path(str(path), project)
        for diag in (d for d in result.diagnostics if d.code == "WF506"):
            reported += 1
            value = _value_of_key_at(result.workflow.document.root, diag.start)
            name = result.source.text[diag.start:diag.end]
            where = f"{path.relative_to(corpus)}:{diag.line}"
            if type(value) is Scalar:
                assert value.typed not in (None, ""), where
                if name in AIRFLOW_306_DEFAULTS:
                    assert value.typed != AIRFLOW_306_DEFAULTS[name], where
            else:
                assert type(value) in (Mapping, Sequence) and (value.pairs if type(value) is Mapping else value.items), where
    assert reported > 50  # the rule still speaks where a value changes something


def test_wf506_email_flags_only_where_a_task_has_an_email():
    # Airflow 3.0.6 mails a failure only `if error and task.email_on_failure and task.email`
    # (task_runner.py): without an `email`, `email_on_failure: false` changes nothing.
    text = f"""\
d:
  schedule: null
  default_args:
    email_on_failure: false
  tasks:
    - task_id: t
      operator: {EMPTY}
"""
    assert [c for c in _codes(text, "mwaa-serverless") if c[0] == "WF506"] == []
    with_email = text.replace("    email_on_failure: false\n", "    email_on_failure: false\n    email: [a@b.c]\n")
    assert [c for c in _codes(with_email, "mwaa-serverless") if c[0] == "WF506"] == [("WF506", "warning", 4)]
    on_task = text + "      email: a@b.c\n"
    assert [c for c in _codes(on_task, "mwaa-serverless") if c[0] == "WF506"] == [("WF506", "warning", 4)]
