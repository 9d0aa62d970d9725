"""wflint.jinja.sites and the WF4xx rules: which strings are templates, shared results, the
corpus bar, and what must never happen (rendering, importing user code).

Positions in every scalar style are pinned by the golden fixtures in tests/golden/jinja/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wflint.jinja import sites as templating
from wflint.config import Config
from wflint.diagnostics import Severity
from wflint.engine import Project, lint_path, lint_text
from wflint.jinja.analysis import CatalogUnavailable

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
BASH = "airflow.providers.standard.operators.bash.BashOperator"
SQL = "airflow.providers.common.sql.operators.sql.SQLExecuteQueryOperator"


def lint(text: str, path: str = "/nonexistent/dags/wf.yml", **config) -> list:
    result = lint_text(path, text, Project(), config=Config(select=("WF4",), **config))
    return result.diagnostics


def found(text: str, **config) -> list[tuple[str, str]]:
    """(code, source text of the span) for each WF4xx diagnostic."""
    return [(d.code, text[d.start : d.end]) for d in lint(text, **config)]


def one_task(*lines: str, dag: tuple[str, ...] = ()) -> str:
    return "\n".join(["etl:", '  schedule: "@daily"', *dag, "  tasks:", "    - task_id: t", *(f"      {l}" for l in lines)]) + "\n"


# -- which strings are templates ---------------------------------------------------------------------


def test_template_fields_are_checked_at_any_depth_and_dict_keys_are_not():
    text = one_task(
        f"operator: {BASH}",
        "bash_command: echo ok",
        'env: {"{{ key_is_not_rendered }}": "{{ value_is }}", LIST: [["{{ deep }}"]]}',
    )
    assert found(text) == [("WF402", "value_is"), ("WF402", "deep")]


def test_partial_and_expand_arguments_are_operator_arguments():
    text = one_task(
        f"operator: {BASH}",
        'partial: {cwd: "{{ nope }}", queue: "{{ ds }}"}',
        'expand: {bash_command: ["echo {{ ds }", "echo 2"]}',
    )
    assert found(text) == [("WF402", "nope"), ("WF408", '"{{ ds }}"'), ("WF401", "}")]


def test_xcom_references_and_objects_are_not_strings():
    text = "\n".join([
        "etl:",
        '  schedule: "@daily"',
        "  tasks:",
        "    - task_id: a",
        f"      operator: {BASH}",
        "      bash_command: echo",
        "    - task_id: b",
        f"      operator: {BASH}",
        "      bash_command: +a",
        "      env: {X: {__type__: my.Thing, arg: '{{ unknown }}'}}",
    ]) + "\n"
    assert found(text) == []


def test_python_task_keyword_arguments_are_rendered_but_base_operator_arguments_are_not():
    text = one_task(
        "decorator: airflow.decorators.task",
        "python_callable: jobs.run",
        'day: "{{ dss }}"',
        'doc_md: "{{ not rendered }"',
        'owner: "{{ ds }}"',
    )
    assert found(text) == [("WF402", "dss")]


def test_other_decorators_and_unknown_operators_get_a_syntax_warning_only():
    for head in ("decorator: airflow.sdk.task.bash", "operator: my_company.operators.Thing"):
        text = one_task(head, 'anything: "{{ unknown_name }} {{ ds }"')
        [diagnostic] = lint(text)
        assert (diagnostic.code, diagnostic.severity) == ("WF401", Severity.WARNING)
        assert "if `anything` is templated" in diagnostic.message


def test_map_index_template_is_checked_for_syntax_only():
    text = one_task(f"operator: {BASH}", "bash_command: echo", 'map_index_template: "{{ key_the_task_adds }}"')
    assert found(text) == []
    text = one_task(f"operator: {BASH}", "bash_command: echo", 'map_index_template: "{{ key }"')
    assert [d.code for d in lint(text)] == ["WF401"]


def test_inherited_tasks_are_left_to_where_they_are_written():
    text = "\n".join([
        "default:",
        "  tasks:",
        "    - task_id: from_default",
        f"      operator: {BASH}",
        '      bash_command: "{{ ds }"',
        "etl:",
        '  schedule: "@daily"',
    ]) + "\n"
    assert found(text) == []


def test_native_rendering_parses_like_airflow():
    text = one_task(f"operator: {BASH}", 'bash_command: "{{ [1, 2] | sum }}"', dag=("  render_template_as_native_obj: true",))
    assert found(text) == []


def test_xcom_pull_accepts_group_prefixed_ids():
    text = "\n".join([
        "etl:",
        '  schedule: "@daily"',
        "  task_groups:",
        "    - group_name: g",
        "    - group_name: flat",
        "      prefix_group_id: false",
        "  tasks:",
        "    - task_id: a",
        f"      operator: {BASH}",
        "      task_group_name: g",
        "      bash_command: echo",
        "    - task_id: b",
        f"      operator: {BASH}",
        "      task_group_name: flat",
        "      bash_command: \"{{ ti.xcom_pull(task_ids=['a', 'g.a', 'b', 'flat.b']) }}\"",
    ]) + "\n"
    assert found(text) == [("WF407", "'flat.b'")]


def test_task_params_extend_the_dag_params():
    text = one_task(
        f"operator: {BASH}",
        "params: {own: 1}",
        'bash_command: "{{ params.own }} {{ params.dag_level }} {{ params.neither }}"',
        dag=("  params: {dag_level: 1}",),
    )
    assert found(text) == [("WF406", "neither")]


# -- template files -----------------------------------------------------------------------------------


def test_config_template_searchpath_stands_in_for_deployment_paths(tmp_path):
    (tmp_path / "include").mkdir()
    (tmp_path / "include" / "present.sql").write_text("SELECT 1")
    text = "\n".join([
        "etl:",
        '  schedule: "@daily"',
        "  template_searchpath: /usr/local/airflow/include",
        "  tasks:",
        "    - task_id: a",
        f"      operator: {SQL}",
        "      sql: present.sql",
        "    - task_id: b",
        f"      operator: {SQL}",
        "      sql: absent.sql",
    ]) + "\n"
    path = str(tmp_path / "wf.yml")
    assert found_at(path, text) == []  # the deployment path is not here: unknowable
    config = {"template_searchpath": (str(tmp_path / "include"),)}
    assert found_at(path, text, **config) == [("WF409", "absent.sql")]


def found_at(path: str, text: str, **config) -> list[tuple[str, str]]:
    """Lint `text` as the file at `path` (written there when its folder exists)."""
    if Path(path).parent.is_dir():
        Path(path).write_text(text, encoding="utf-8")
    return [(d.code, text[d.start : d.end]) for d in lint(text, path=path, **config)]


def test_template_file_is_never_read(tmp_path):
    (tmp_path / "q.sql").write_text("{{ broken")
    text = one_task(f"operator: {SQL}", "sql: q.sql")
    assert found_at(str(tmp_path / "wf.yml"), text) == []


# -- sharing, configuration, profiles ------------------------------------------------------------------


def test_findings_are_computed_once_per_document_and_not_at_all_when_disabled(monkeypatch):
    runs = []
    original = templating._Collector.run

    def counting(self):
        runs.append(1)
        return original(self)

    monkeypatch.setattr(templating._Collector, "run", counting)
    text = one_task(f"operator: {BASH}", 'bash_command: "{{ execution_date }} {{ ds | nope }} {{ ds }"')
    lint_text("/nonexistent/wf.yml", text, Project(), config=Config())
    assert len(runs) == 1
    result = lint_text("/nonexistent/wf.yml", text, Project(), config=Config(ignore=("WF4",)))
    assert len(runs) == 1 and not [d for d in result.diagnostics if d.code.startswith("WF4")]


def test_profile_rule_needs_a_profile():
    text = one_task(f"operator: {BASH}", 'bash_command: "{{ run_id }}"')
    assert found(text) == []
    assert found(text, profile="mwaa-serverless") == [("WF410", "run_id")]


def test_without_the_airflow_context_only_syntax_is_checked(monkeypatch):
    def unavailable():
        raise CatalogUnavailable("no task SDK catalog")

    monkeypatch.setattr(templating, "default_airflow3_context", unavailable)
    text = one_task(f"operator: {BASH}", 'bash_command: "{{ nope }}"', 'env: {A: "{{ ds }"}')
    assert found(text) == [("WF401", "}")]


def test_severity_follows_the_configuration():
    text = one_task(f"operator: {BASH}", 'bash_command: "{{ params.x }}"', dag=("  params: {}",))
    [diagnostic] = lint(text, severity=(("WF406", Severity.ERROR),))
    assert diagnostic.severity == Severity.ERROR


# -- never render, never import -------------------------------------------------------------------------


def test_nothing_is_rendered(monkeypatch):
    import jinja2

    def refuse(*args, **kwargs):
        raise AssertionError("a template was rendered")

    monkeypatch.setattr(jinja2.Template, "render", refuse)
    monkeypatch.setattr(jinja2.Environment, "from_string", refuse)
    monkeypatch.setattr(jinja2.Environment, "get_template", refuse)
    from wflint.jinja.analysis import analyze_template

    analyze_template.cache_clear()  # analyse afresh, under the patches
    text = one_task(f"operator: {BASH}", 'bash_command: "{{ nope }} {{ ds | nope }}"')
    assert [code for code, _ in found(text)] == ["WF402", "WF405"]


def test_custom_operators_are_read_not_imported(tmp_path):
    package = tmp_path / "plugins" / "acme"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    marker = tmp_path / "imported"
    (package / "ops.py").write_text(
        "from pathlib import Path\n"
        f"Path({str(marker)!r}).write_text('imported')\n"
        "from airflow.sdk.bases.operator import BaseOperator\n"
        "class Load(BaseOperator):\n"
        "    template_fields = ('query',)\n"
        "    def __init__(self, *, query, label=None, **kwargs):\n"
        "        super().__init__(**kwargs)\n"
        "        self.query = query\n"
        "        self.label = label\n"
    )
    text = one_task("operator: acme.ops.Load", 'query: "{{ nope }}"', 'label: "{{ ds }}"')
    config = {"operator_paths": (str(tmp_path / "plugins"),)}
    assert found_at(str(tmp_path / "wf.yml"), text, **config) == [("WF402", "nope"), ("WF408", '"{{ ds }}"')]
    assert not marker.exists()


# -- the shared corpus ------------------------------------------------------------------------------------


def _oracle() -> list[dict]:
    lines = (CORPUS / "oracle-results.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not available")
def test_no_jinja_error_on_files_airflow_accepts():
    project = Project()
    accepted = [record for record in _oracle() if record["loads"]]
    assert len(accepted) > 100
    errors = {}
    for record in accepted:
        result = lint_path(str(CORPUS / record["file"]), project)
        bad = [d for d in result.diagnostics if d.code.startswith("WF4") and d.severity == Severity.ERROR]
        if bad:
            errors[record["file"]] = [f"{d.line}:{d.column} {d.code} {d.message}" for d in bad]
    assert errors == {}


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not available")
def test_jinja_findings_on_the_corpus_are_the_expected_few():
    project = Project()
    findings = set()
    for path in sorted([*CORPUS.rglob("*.yml"), *CORPUS.rglob("*.yaml")]):
        for d in lint_path(str(path), project).diagnostics:
            if d.code.startswith("WF4"):
                findings.add((path.name, d.line, d.code, d.severity.label))
    assert findings == {
        # AWS's converter turned the system test's f-strings into templates in two arguments
        # BedrockCustomizeModelOperator does not template (it builds `{"s3Uri": ...}` from them
        # in __init__): Airflow passes `s3://{{ task_instance.xcom_pull(...) }}-bedrock/...` on
        # literally. A true finding, and only a warning: the file loads.
        ("example_bedrock.yaml", 231, "WF408", "warning"),
        ("example_bedrock.yaml", 234, "WF408", "warning"),
    }


def test_undefined_names_are_not_judged_under_another_undefined():
    text = one_task(
        f"operator: {BASH}", 'bash_command: "{{ nope }} {{ ds | nope }}"',
        dag=("  template_undefined: {__type__: jinja2.Undefined}",),
    )
    assert found(text) == [("WF405", "nope")]


def test_a_node_shared_through_an_alias_is_reported_once():
    text = "\n".join([
        "etl:",
        '  schedule: "@daily"',
        "  tasks:",
        "    - task_id: a",
        f"      operator: {BASH}",
        '      bash_command: &command "echo {{ nope }} {{ ds }"',
        "    - task_id: b",
        f"      operator: {BASH}",
        "      bash_command: *command",
        "    - task_id: c",
        f"      operator: {BASH}",
        "      bash_command: echo",
        "      env: {A: *command}",
    ]) + "\n"
    assert found(text) == [("WF401", "}")]


def test_xcom_pull_from_another_dag_is_not_judged():
    text = one_task(
        f"operator: {BASH}",
        "bash_command: \"{{ ti.xcom_pull(task_ids='elsewhere', dag_id='other') }} {{ ti.xcom_pull(task_ids='nowhere') }}\"",
    )
    assert found(text) == [("WF407", "'nowhere'")]


def test_an_argument_the_operator_rejects_is_not_called_literal():
    text = one_task(f"operator: {BASH}", "bash_command: echo", 'no_such_argument: "{{ ds }}"', 'queue: "{{ ds }}"')
    assert found(text) == [("WF408", '"{{ ds }}"')]
    assert lint(text)[0].start == text.index('"{{ ds }}"', text.index("queue"))


def test_template_files_are_not_judged_for_a_document_without_a_folder():
    text = one_task(f"operator: {SQL}", "sql: query.sql")
    for path in ("/nonexistent/folder/wf.yml", "untitled:Untitled-1"):
        assert [d.code for d in lint(text, path=path)] == []
