"""The bar on real-world files (../shared/corpus): no error-severity diagnostic on any file that
Airflow 3 + DAG Factory accepted (oracle-results.jsonl, `loads: true`)."""

from __future__ import annotations

import json

import pytest

from wflint.diagnostics import Severity
from wflint.engine import Project, lint_path


def _oracle(corpus, name="oracle-results.jsonl"):
    return [json.loads(line) for line in (corpus / name).read_text().splitlines() if line.strip()]


# Files Airflow loads whose tasks certainly fail when they run: AWS requests that botocore's own
# ParamValidator refuses (botocore 1.44.8, offline; scripts/prove_aws_shapes.py). Loading a DAG does
# not send them, so the oracle accepted the files. (file, line, code) -> what botocore said.
FAILS_WHEN_RUN = {
    ("mwaa-converter-repo/dev/integ_test/yaml_output_folder/example_batch.yaml", 15, "WF801"):
        "Invalid type for parameter computeResources.securityGroupIds, value: test, type: <class 'str'>",
    ("mwaa-converter-repo/dev/integ_test/yaml_output_folder/example_batch.yaml", 16, "WF801"):
        "Invalid type for parameter computeResources.subnets, value: test, type: <class 'str'>",
    ("mwaa-converter-repo/dev/integ_test/yaml_output_folder/example_comprehend.yaml", 83, "WF801"):
        "Invalid length for parameter DataAccessRoleArn, value: 4, valid min length: 20",
    ("mwaa-converter-repo/dev/integ_test/yaml_output_folder/example_comprehend_document_classifier.yaml", 108, "WF801"):
        "Invalid length for parameter DataAccessRoleArn, value: 4, valid min length: 20",
    ("mwaa-converter-repo/dev/integ_test/yaml_output_folder/example_emr_eks.yaml", 130, "WF801"):
        "Invalid length for parameter executionRoleArn, value: 17, valid min length: 20",
    ("mwaa-converter-repo/dev/integ_test/yaml_output_folder/example_emr_serverless.yaml", 100, "WF801"):
        "Invalid length for parameter executionRoleArn, value: 13, valid min length: 20",
    ("mwaa-converter-repo/dev/integ_test/yaml_output_folder/example_sagemaker.yaml", 673, "WF801"):
        "Invalid length for parameter RoleArn, value: 13, valid min length: 20",
    ("mwaa-converter-repo/dev/integ_test/yaml_output_folder/example_sagemaker_notebook.yaml", 25, "WF801"):
        "Invalid length for parameter RoleArn, value: 13, valid min length: 20",
}


def _false_errors(corpus, accepted, project) -> dict[str, list[str]]:
    """File -> the error-severity diagnostics wflint gives on files Airflow accepted (less the
    run-time failures botocore confirmed, FAILS_WHEN_RUN)."""
    found = {}
    for record in accepted:
        result = lint_path(str(corpus / record["file"]), project)
        errors = [f"{d.line}:{d.column} {d.code} {d.message}" for d in result.diagnostics if d.severity == Severity.ERROR
                  and (record["file"], d.line, d.code) not in FAILS_WHEN_RUN]
        if errors:
            found[record["file"]] = errors
    return found


# What each oracle file ran, as a target (the first is what AWS's MWAA Serverless converter pins).
ORACLE_TARGETS = {
    "oracle-results.jsonl": (("apache-airflow-core", "3.0.6"), ("apache-airflow-providers-amazon", "9.30.0"),
                             ("dag-factory", "1.0.1")),
    "oracle-results-latest.jsonl": (("apache-airflow-core", "3.3.2"), ("apache-airflow-providers-amazon", "9.39.0"),
                                    ("dag-factory", "1.1.0")),
}


@pytest.mark.parametrize("oracle", sorted(ORACLE_TARGETS))
def test_no_error_on_files_airflow_of_the_target_accepts(corpus, oracle):
    from wflint.config import Config

    project = Project(Config(target_cli=ORACLE_TARGETS[oracle]))
    accepted = [r for r in _oracle(corpus, oracle) if r["loads"]]
    assert len(accepted) > 100
    assert _false_errors(corpus, accepted, project) == {}


@pytest.mark.parametrize("oracle", sorted(ORACLE_TARGETS))
def test_no_error_at_the_target_with_operator_knowledge_of_every_release(corpus, oracle):
    """The same bar with the operator catalogs of the target's releases (classes, arguments,
    required flags, trigger rules as the target has them), which the shipped catalogs know."""
    from test_target_releases import versioned_catalog

    from wflint.config import Config

    catalog = versioned_catalog()
    project = Project(Config(target_cli=ORACLE_TARGETS[oracle]), catalog=catalog)
    accepted = [r for r in _oracle(corpus, oracle) if r["loads"]]
    assert _false_errors(corpus, accepted, project) == {}


def test_no_error_on_files_airflow_accepts(corpus):
    project = Project()
    accepted = [r for r in _oracle(corpus) if r["loads"]]
    assert len(accepted) > 100
    assert _false_errors(corpus, accepted, project) == {}


def test_files_marked_not_workflows_are_not_reported_as_broken(corpus):
    project = Project()
    for record in _oracle(corpus):
        if record.get("error_type") == "NotADagFile" or "not a DAG" in (record.get("error") or ""):
            result = lint_path(str(corpus / record["file"]), project)
            assert not [d for d in result.diagnostics if d.severity == Severity.ERROR], record["file"]


@pytest.mark.parametrize(
    "file, code",
    [
        ("dag-factory/dev/dags/invalid.yaml", "WF001"),
        ("dag-factory/tests/fixtures/invalid_yaml.yml", "WF001"),
        ("dag-factory/tests/fixtures/dag_factory_schedule_interval.yml", "WF024"),
        ("dag-factory/dev/dags/airflow3/example_dag_factory_default_config.yml", "WF020"),
    ],
)
def test_rejected_files_get_the_same_problem(corpus, file, code):
    result = lint_path(str(corpus / file), Project())
    assert code in {d.code for d in result.diagnostics if d.severity == Severity.ERROR}


def test_no_error_without_a_target_on_files_the_newest_releases_accept(corpus):
    """No target: the newest versions wflint knows (3.3.2 / 9.39.0 / DAG Factory 1.1.0), judged
    against what those releases accepted (oracle-results-latest.jsonl)."""
    project = Project()
    accepted = [r for r in _oracle(corpus, "oracle-results-latest.jsonl") if r["loads"]]
    assert len(accepted) > 100
    assert _false_errors(corpus, accepted, project) == {}
    assert project.target_for(project.config_for(str(corpus))).dag_factory == "1.1.0"


def test_run_time_failures_botocore_confirmed_are_found(corpus):
    """Each FAILS_WHEN_RUN entry is reported where botocore refuses the request (WF801)."""
    project = Project()
    for (file, line, code), botocore_said in FAILS_WHEN_RUN.items():
        result = lint_path(str(corpus / file), project)
        assert [d for d in result.diagnostics if d.code == code and d.line == line], (file, line, botocore_said)
