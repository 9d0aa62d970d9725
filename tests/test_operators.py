"""Operator rules (WF3xx) beyond the golden fixtures: the corpus bar, the MWAA Serverless
allow-list, callables read from files, and the helpers in wflint.operators."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wflint.catalog import Catalog
from wflint.config import Config
from wflint.diagnostics import Severity
from wflint.engine import Project, lint_path, lint_text
from wflint.operators import accepts, module_names, required_arguments, seconds
from wflint.yaml.tree import parse_yaml

ALLOW_LIST = Path(__file__).resolve().parents[2] / "shared" / "reference" / "mwaa-serverless-operators.txt"
WF3 = Config(select=("WF3",))


def _lint(text: str, config: Config = WF3, path: str = "/tmp/wflint-test/dag.yaml"):
    return lint_text(path, text, Project(config)).diagnostics


def _oracle(corpus):
    return [json.loads(line) for line in (corpus / "oracle-results.jsonl").read_text().splitlines() if line.strip()]


# -- the corpus -----------------------------------------------------------------------------------

def test_no_operator_error_on_files_airflow_accepts(corpus):
    project = Project(WF3)
    found = {}
    for record in _oracle(corpus):
        if record["loads"]:
            result = lint_path(str(corpus / record["file"]), project)
            errors = [f"{d.line}:{d.column} {d.code} {d.message}" for d in result.diagnostics if d.severity == Severity.ERROR]
            if errors:
                found[record["file"]] = errors
    assert found == {}


@pytest.mark.parametrize(
    "file, code, words",
    [
        ("mwaa-converter-repo/dev/integ_test/yaml_output_folder/example_sagemaker_unified_studio_notebook.yaml",
         "WF305", "domain_identifier"),
        ("dag-factory/tests/fixtures/dag_factory_task_group.yml", "WF309", "absolute"),
        ("mwaa-converter-repo/dev/integ_test/yaml_output_folder/dynamic-dag.yaml", "WF304", "expand"),
        ("mwaa-converter-repo/dev/integ_test/yaml_output_folder/repeated_mapping.yaml", "WF304", "'y'"),
        ("mwaa-converter-repo/dev/integ_test/yaml_output_folder/example_task_mapping_second_order.yaml", "WF304", "num"),
        ("mwaa-converter-repo/dev/integ_test/yaml_output_folder/example_partial_with_args_and_kwargs.yaml", "WF304", "item"),
        ("dag-factory/dev/dags/example_simple_http_operator_task.yml", "WF301", "SimpleHttpOperator"),
        ("dag-factory/tests/fixtures/dag_factory_simple_http_operator_task.yml", "WF301", "http_operator"),
        ("dag-factory/tests/fixtures/dag_factory_kubernetes_pod_operator_lt_2_7.yml", "WF301", "kubernetes_pod"),
    ],
)
def test_rejected_files_get_the_same_problem(corpus, file, code, words):
    result = lint_path(str(corpus / file), Project(WF3))
    messages = [d.message for d in result.diagnostics if d.code == code and d.severity == Severity.ERROR]
    assert any(words in message for message in messages), result.diagnostics


def test_taskflow_callable_is_read_from_operator_paths(corpus):
    """DAG Factory's dev project has its dags folder on sys.path: with it as `operator-paths`,
    `python_callable: pypi_stats.summarize` is read (never imported) and the missing `data` found."""
    folder = corpus / "dag-factory" / "dev" / "dags"
    config = Config(select=("WF3",), operator_paths=(str(folder),))
    result = lint_path(str(folder / "comparison" / "example_pypi_stats_dagfactory.yml"), Project(config))
    assert any(
        d.code == "WF305" and "missing a required argument: 'data'" in d.message for d in result.diagnostics
    ), result.diagnostics


# -- MWAA Serverless allow-list ---------------------------------------------------------------------

def _placeholder(argument) -> str:
    allowed = accepts(argument.annotation)
    kinds = allowed.kinds if allowed is not None and not allowed.opaque else frozenset({"str"})
    for kind, text in (("str", "x"), ("int", "1"), ("float", "1.0"), ("bool", "true"), ("list", "[]"), ("dict", "{}")):
        if kind in kinds:
            return text
    return "x"


def test_every_allow_listed_operator_resolves_cleanly():
    if not ALLOW_LIST.is_file():
        pytest.skip("../shared/reference/mwaa-serverless-operators.txt is not available")
    config = Config(select=("WF3",), profile="mwaa-serverless")
    catalog = Project().catalog_at(config)  # the releases MWAA Serverless runs (amazon 9.30.0)
    lines = ["allowed:", "  schedule: '@daily'", "  tasks:"]
    for number, path in enumerate(p for p in ALLOW_LIST.read_text().split() if p):
        lines += [f"    - task_id: t{number}", f"      operator: {path}"]
        info = catalog.lookup(path)
        if info is None:
            continue  # a class only the platform has (MaxDome*): nothing to give it
        for name in required_arguments(info):
            if name != "task_id":
                lines.append(f"      {name}: {_placeholder(info.arguments[name])}")
        if info.kind == "sensor":
            lines.append("      mode: reschedule")
    diagnostics = _lint("\n".join(lines) + "\n", config)
    assert [f"{d.line} {d.code} {d.message}" for d in diagnostics] == []


# -- callables read from files ------------------------------------------------------------------------

def test_callable_name_is_looked_up_in_the_file(tmp_path):
    module = tmp_path / "jobs.py"
    module.write_text(
        "import os\nfrom x import helper as aliased\n\ndef extract():\n    pass\n\n"
        "if os.environ.get('A'):\n    def maybe():\n        pass\n",
        encoding="utf-8",
    )
    assert module_names(str(module)) == frozenset({"os", "aliased", "extract", "maybe"})
    text = (
        "d:\n  tasks:\n"
        f"    - task_id: ok\n      decorator: airflow.sdk.task\n      python_callable_file: {module}\n"
        "      python_callable_name: maybe\n"
        f"    - task_id: typo\n      decorator: airflow.sdk.task\n      python_callable_file: {module}\n"
        "      python_callable_name: extrat\n"
    )
    diagnostics = _lint(text, path=str(tmp_path / "dag.yaml"))
    assert [(d.code, d.severity, d.message) for d in diagnostics] == [
        ("WF309", Severity.ERROR,
         "`extrat` is not defined at the top level of `jobs.py` (did you mean `extract`?); DAG Factory fails to load it"),
    ]


def test_star_imports_make_names_unknowable(tmp_path):
    module = tmp_path / "star.py"
    module.write_text("from helpers import *\n", encoding="utf-8")
    assert module_names(str(module)) is None


# -- helpers ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "annotation, kinds, opaque",
    [
        ("int | None", {"int", "null"}, False),
        ("Optional[Union[str, List[str]]]", {"str", "list", "null"}, False),
        ("str | Sequence[str]", {"str", "list"}, False),
        ("timedelta | float", {"int", "float"}, True),
        ("str | None | ArgNotSet", {"str", "null"}, False),
        ("collections.abc.MutableMapping[str, Any] | None", {"dict", "null"}, False),
        ("Callable[..., bool] | None", {"null"}, True),
    ],
)
def test_annotation_kinds(annotation, kinds, opaque):
    found = accepts(annotation)
    assert set(found.kinds) == kinds and found.opaque == opaque


def test_literal_annotations_compare_without_case():
    assert accepts("Literal['csv', 'json']").literals == ("csv", "json")


def test_durations():
    root = parse_yaml("a: 90\nb: {__type__: datetime.timedelta, hours: 1, minutes: 30}\nc: soon\n").root
    values = [value for _, value in root.pairs]
    assert [seconds(v) for v in values] == [90.0, 5400.0, None]


def test_required_arguments_stop_at_the_first_init():
    # A subclass's __init__ passes its base's required `config` itself.
    info = Catalog.default().lookup("airflow.providers.amazon.aws.operators.sagemaker.SageMakerStartPipelineOperator")
    assert "config" not in required_arguments(info)


def test_user_catalogs_layer_over_the_shipped_ones(tmp_path):
    shipped = Catalog.shipped_folder()
    config = Config(select=("WF3",), catalogs=(str(shipped / "apache-airflow-providers-http.json"),))
    text = "d:\n  tasks:\n    - task_id: t\n      operator: airflow.providers.http.operators.http.HttpOperator\n      endpoint: /x\n      nope: 1\n"
    assert [d.code for d in _lint(text, config)] == ["WF304"]


def test_safe_fix_rewrites_deprecated_path():
    text = "d:\n  tasks:\n    - task_id: t\n      operator: airflow.operators.empty.EmptyOperator\n"
    (diagnostic,) = _lint(text)
    assert diagnostic.code == "WF303" and diagnostic.fix.safe
    (edit,) = diagnostic.fix.edits
    assert text[: edit.start] + edit.new_text + text[edit.end:] == text.replace(
        "airflow.operators.empty", "airflow.providers.standard.operators.empty"
    )


def test_a_broken_user_catalog_falls_back_to_the_shipped_ones():
    config = Config(select=("WF3",), catalogs=("/nonexistent/wflint-catalog",))
    text = "d:\n  tasks:\n    - task_id: t\n      operator: airflow.providers.standard.operators.empty.EmptyOperator\n      nope: 1\n"
    assert [d.code for d in _lint(text, config)] == ["WF304"]
