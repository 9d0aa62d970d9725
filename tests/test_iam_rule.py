"""WF810 missing-iam-permission: runs when `iam-policy` is configured, reports at the argument that
names the resource, and the policy file is a cache input (editing it re-checks)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from wflint import engine
from wflint.cli import main

SEED = Path(__file__).parent / "golden_iam" / "seed_create_s3_objects.yaml"
PUT_1 = "arn:aws:s3:::md-workflows-mwaa-bucket/test-files/1.txt"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WFLINT_NO_CACHE", raising=False)
    monkeypatch.delenv("WFLINT_CACHE_DIR", raising=False)
    shutil.copy(SEED, tmp_path / "create_s3_objects.yaml")
    return tmp_path


@pytest.fixture
def linted(monkeypatch) -> list[str]:
    paths: list[str] = []
    real = engine.lint_text

    def counting(path, text, project, **kwargs):
        paths.append(path)
        return real(path, text, project, **kwargs)

    monkeypatch.setattr(engine, "lint_text", counting)
    return paths


def _policy(actions, resource="*") -> str:
    return json.dumps({"Version": "2012-10-17",
                       "Statement": [{"Effect": "Allow", "Action": actions, "Resource": resource}]})


def check(capsys, *args) -> str:
    main(["check", *args])
    return capsys.readouterr().out


def test_silent_without_the_setting(workspace, capsys):
    assert "WF810" not in check(capsys, "--no-cache", "create_s3_objects.yaml")


def test_reports_the_missing_action_at_the_key_and_rechecks_when_the_policy_is_edited(workspace, linted, capsys):
    Path("pyproject.toml").write_text('[tool.wflint]\niam-policy = "iam/policy.json"\n')
    Path("iam").mkdir()
    policy = Path("iam/policy.json")
    policy.write_text(_policy(["s3:GetObject", "s3:ListBucket"]))
    out = check(capsys, "create_s3_objects.yaml")
    assert f"create_s3_objects.yaml:22:15: WF810 task `create_object_1` needs `s3:PutObject` on `{PUT_1}`" in out
    assert out.count("WF810") == 2
    linted.clear()
    assert check(capsys, "create_s3_objects.yaml") == out  # from the cache
    assert linted == []
    policy.write_text(_policy(["s3:GetObject", "s3:ListBucket", "s3:PutObject"]))
    out = check(capsys, "create_s3_objects.yaml")
    assert linted == ["create_s3_objects.yaml"]
    assert "WF810" not in out


def test_an_unreadable_policy_is_reported(workspace, capsys):
    Path("pyproject.toml").write_text('[tool.wflint]\niam-policy = "policy.json"\n')
    Path("policy.json").write_text("{not json")
    out = check(capsys, "--no-cache", "create_s3_objects.yaml")
    assert "WF810" in out and "cannot be read as an IAM policy" in out
