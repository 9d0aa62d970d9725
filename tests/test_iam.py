"""`wflint iam`: golden policies per operator family (tests/golden_iam/NAME.yaml beside
NAME.expected.json: the policy document and the text explanation), the seed workflows' S3 scoping,
the no-wildcard-action guarantee and `--check`.

Every fixture loads in the oracle (Airflow 3.0.6, DAG Factory 1.0.1: `load_yaml_dags` on a copy of
tests/golden_iam gave all 14 DAGs, no import error); which calls each operator makes is the call
map's, read from the amazon provider's source (issue 20)."""

from __future__ import annotations

import glob
import json
import os

import pytest

from wflint.cli import main
from wflint.iam import data

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "golden_iam")
SEEDS = [os.path.join(GOLDEN, "seed_create_s3_objects.yaml"), os.path.join(GOLDEN, "seed_simple_s3_test.yaml")]


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _policy(capsys, path) -> dict:
    code, out, _ = run(capsys, "iam", path)
    assert code == 0
    return json.loads(out)


@pytest.mark.parametrize("path", sorted(glob.glob(os.path.join(GOLDEN, "*.yaml"))), ids=os.path.basename)
def test_golden(path, capsys, update_golden):
    policy = _policy(capsys, path)
    _, text, _ = run(capsys, "iam", "--format", "text", path)
    got = {"policy": policy, "text": text.splitlines()}
    expected_path = path[:-len(".yaml")] + ".expected.json"
    if update_golden or not os.path.exists(expected_path):
        with open(expected_path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(json.dumps(got, indent=1) + "\n")
    with open(expected_path, encoding="utf-8") as handle:
        assert got == json.load(handle)


def _grants(policy: dict) -> set[tuple[str, str]]:
    found = set()
    for statement in policy["Statement"]:
        resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        for action in statement["Action"]:
            for resource in resources:
                found.add((action, resource))
    return found


def test_seed_create_s3_objects_scoped_to_the_keys_named(capsys):
    grants = _grants(_policy(capsys, SEEDS[0]))
    assert ("s3:ListBucket", "arn:aws:s3:::md-workflows-mwaa-bucket") in grants
    puts = {resource for action, resource in grants if action == "s3:PutObject"}
    assert puts == {"arn:aws:s3:::md-workflows-mwaa-bucket/test-files/1.txt",
                    "arn:aws:s3:::md-workflows-mwaa-bucket/test-files/2.txt"}
    assert all(resource.startswith("arn:aws:s3:::md-workflows-mwaa-bucket") for _, resource in grants)


def test_seed_simple_s3_test_scoped_to_the_key_named(capsys):
    grants = _grants(_policy(capsys, SEEDS[1]))
    assert ("s3:ListBucket", "arn:aws:s3:::amzn-s3-demo-bucket") in grants
    assert {resource for action, resource in grants if action == "s3:PutObject"} == {
        "arn:aws:s3:::amzn-s3-demo-bucket/filelist.txt"}
    assert all(resource.startswith("arn:aws:s3:::amzn-s3-demo-bucket") for _, resource in grants)


def test_templated_key_part_becomes_a_wildcard(capsys):
    grants = _grants(_policy(capsys, os.path.join(GOLDEN, "s3.yaml")))
    assert ("s3:PutObject", "arn:aws:s3:::reports-bucket/reports/*.csv") in grants
    assert ("s3:PutObject", "arn:aws:s3:::landing-bucket/incoming/data.json") in grants  # s3:// URL split
    assert ("s3:GetObject", "arn:aws:s3:::landing-bucket/incoming/data.json") in grants  # copy source
    assert ("s3:PutObject", "arn:aws:s3:::archive-bucket/archive/*/data.json") in grants  # copy destination


def test_every_generated_action_is_in_the_reference_and_never_a_wildcard(capsys):
    for path in sorted(glob.glob(os.path.join(GOLDEN, "*.yaml"))):
        for action, _ in _grants(_policy(capsys, path)):
            assert "*" not in action, (path, action)
            assert data.action(action) is not None, (path, action)


def test_holes_and_gaps_are_listed(capsys):
    _, text, _ = run(capsys, "iam", "--format", "text", os.path.join(GOLDEN, "s3.yaml"))
    assert "holes" in text and "templated_bucket" in text
    _, text, _ = run(capsys, "iam", "--format", "text", os.path.join(GOLDEN, "other.yaml"))
    assert "warning: nothing:" in text


def test_dag_option(capsys, tmp_path):
    code, _, err = run(capsys, "iam", "--dag", "nope", SEEDS[0])
    assert code == 2 and "no DAG `nope`" in err


def _write(tmp_path, policy) -> str:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(policy), encoding="utf-8")
    return str(path)


def test_check_passes_the_generated_policy(capsys, tmp_path):
    policy = _policy(capsys, SEEDS[0])
    code, out, _ = run(capsys, "iam", "--check", _write(tmp_path, policy), SEEDS[0])
    assert code == 0, out
    assert "error" not in out and "warning" not in out


def test_check_reports_a_missing_action(capsys, tmp_path):
    policy = _policy(capsys, SEEDS[0])
    for statement in policy["Statement"]:
        statement["Action"] = [action for action in statement["Action"] if action != "s3:PutObject"]
    policy["Statement"] = [statement for statement in policy["Statement"] if statement["Action"]]
    code, out, _ = run(capsys, "iam", "--check", _write(tmp_path, policy), SEEDS[0])
    assert code == 1
    assert "task `create_object_1` needs `s3:PutObject` on `arn:aws:s3:::md-workflows-mwaa-bucket/test-files/1.txt`" in out


def test_check_warns_about_s3_star(capsys, tmp_path):
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
    code, out, _ = run(capsys, "iam", "--check", _write(tmp_path, policy), SEEDS[0])
    assert code == 0  # nothing missing: only broader than needed
    assert "warning: `s3:*` grants every action of the service" in out


def test_check_warns_about_a_star_resource_where_a_name_is_known(capsys, tmp_path):
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], "Resource": "*"}]}
    code, out, _ = run(capsys, "iam", "--check", _write(tmp_path, policy), SEEDS[0])
    assert code == 0
    assert "`s3:PutObject` is granted on `*` but the tasks name its resources" in out


def test_docs_iam_md_is_current():
    from wflint.iam.coverage import coverage_markdown

    with open(os.path.join(HERE, "..", "docs", "iam.md"), encoding="utf-8") as handle:
        assert handle.read() == coverage_markdown(), "regenerate: python -m wflint.iam.coverage > docs/iam.md"


def test_most_of_the_allow_list_is_mapped():
    from wflint.iam.coverage import coverage

    found = coverage()
    assert len(found["verified"]) >= 190
    assert any(operator.endswith("s3.S3CreateObjectOperator") for operator, _ in found["verified"])


def test_bad_inputs_are_errors_not_crashes(capsys, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("d:\n  tasks: [\n", encoding="utf-8")
    code, _, err = run(capsys, "iam", str(broken))
    assert code == 2 and "not valid YAML" in err
    not_policy = _write(tmp_path, [1, 2])
    code, _, err = run(capsys, "iam", "--check", not_policy, SEEDS[0])
    assert code == 2 and "not an IAM policy document" in err
    odd = tmp_path / "odd.yaml"
    odd.write_text("d:\n  tasks:\n    a:\n      operator: [x]\n    b:\n"
                   "      operator: airflow.providers.amazon.aws.operators.s3.S3CreateObjectOperator\n"
                   "      s3_bucket: {a: 1}\n      s3_key: 's3://'\n", encoding="utf-8")
    code, out, _ = run(capsys, "iam", "--format", "text", str(odd))
    assert code == 0 and "arn:aws:s3:::*/*" in out


@pytest.mark.parametrize("path", sorted(glob.glob(os.path.join(GOLDEN, "*.yaml"))), ids=os.path.basename)
def test_check_passes_every_generated_policy(path, capsys, tmp_path):
    policy = _policy(capsys, path)
    code, out, _ = run(capsys, "iam", "--check", _write(tmp_path, policy), path)
    assert code == 0, out
    assert "error" not in out and "not needed" not in out, out


def test_check_takes_a_concrete_region_and_account_for_the_placeholders(capsys, tmp_path):
    glue = os.path.join(GOLDEN, "glue.yaml")
    policy = _policy(capsys, glue)
    text = json.dumps(policy).replace("${AWS::Region}", "eu-west-1").replace("${AWS::AccountId}", "123456789012")
    code, out, _ = run(capsys, "iam", "--check", _write(tmp_path, json.loads(text)), glue)
    assert code == 0, out
