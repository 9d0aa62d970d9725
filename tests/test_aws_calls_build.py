"""The builder of the operator -> AWS call map (lint/catalog/aws_calls.py) on a small provider
written here, so that what it follows is pinned without any installed provider or botocore: a
stand-in for botocore's operation names is passed in. One more test rebuilds 9.30.0's map from the
real provider where an Airflow 3.0.6 environment is installed (skipped elsewhere)."""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import pytest

from wflint.catalog.aws_calls import Interpreter, SourceIndex

REPO = Path(__file__).resolve().parents[1]
ORACLE = Path("/opt/oracle/af306/bin/python")

BASE_AWS = '''
class AwsGenericHook:
    def __init__(self, aws_conn_id="aws_default", client_type=None, resource_type=None, **kwargs):
        self.client_type = client_type
        self.resource_type = resource_type

class AwsBaseHook(AwsGenericHook):
    pass
'''
JOB_HOOK = '''
from airflow.providers.amazon.aws.hooks.base_aws import AwsBaseHook

def trim_none(value):
    return {k: v for k, v in value.items() if v is not None}

class JobHook(AwsBaseHook):
    def __init__(self, *args, **kwargs):
        kwargs["client_type"] = "jobs"
        super().__init__(*args, **kwargs)

    def start(self, name, overrides, extra=None):
        extra = extra or {}
        return self.conn.start_job(**trim_none({"JobName": name, "Overrides": overrides, **extra}))

    def send(self, body):
        if isinstance(body, dict):
            return self.get_conn().send_message(Body=body)
        return self.get_conn().send_message(Body=body)

    def create_or_update(self, config):
        config.pop("Internal")
        if self.exists():
            self.conn.update_thing(**config)
        else:
            self.conn.create_thing(**config)
'''
OPERATOR = '''
from functools import cached_property
from airflow.providers.amazon.aws.hooks.jobs import JobHook

class JobOperator(BaseOperator):
    def __init__(self, *, job_name, overrides=None, run_kwargs=None, body=None, config=None, **kwargs):
        super().__init__(**kwargs)
        self.job_name = job_name
        self.overrides = overrides or {}
        self.run_kwargs = run_kwargs
        self.body = body
        self.config = config

    @cached_property
    def hook(self) -> JobHook:
        return JobHook(aws_conn_id=self.aws_conn_id)

    def execute(self, context):
        self.hook.start(self.job_name, self.overrides, extra=self.run_kwargs)
        self.hook.send(self.body)
        self.hook.create_or_update(self.config)
'''
OPERATIONS = {"start_job": "StartJob", "send_message": "SendMessage", "update_thing": "UpdateThing",
              "create_thing": "CreateThing"}


class FakeBotocore:
    version = "0"

    def operations(self, service):
        return OPERATIONS if service == "jobs" else None

    def snake(self, name):
        return name.lower()

    def waiter_operation(self, service, name):
        return None

    def resource_model(self, service):
        return None


@pytest.fixture
def calls(tmp_path):
    root = tmp_path / "airflow" / "providers" / "amazon"
    for relative, text in {"aws/hooks/base_aws.py": BASE_AWS, "aws/hooks/jobs.py": JOB_HOOK,
                           "aws/operators/jobs.py": OPERATOR}.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(textwrap.dedent(text), encoding="utf-8")
    index = SourceIndex(root)
    (operator,) = index.operator_classes()
    found = Interpreter(index, FakeBotocore()).operator_calls(operator)
    return {(call.operation, call.via): call for call in found}


def test_keywords_dicts_and_spreads_become_params_and_the_request(calls):
    start = calls[("StartJob", "JobHook.start")]
    assert start.service == "jobs"  # from `kwargs["client_type"] = "jobs"` in the hook's __init__
    assert start.params == {"JobName": "job_name", "Overrides": "overrides"}
    assert start.request == "run_kwargs"  # spread with ** into the request
    assert start.supplied == {"JobName", "Overrides"}


def test_an_argument_tested_with_isinstance_is_loose(calls):
    send = calls[("SendMessage", "JobHook.send")]
    assert send.params == {"Body": "body"} and "Body" in send.loose


def test_alternative_calls_and_removed_keys(calls):
    create, update = calls[("CreateThing", "JobHook.create_or_update")], calls[("UpdateThing", "JobHook.create_or_update")]
    assert create.request == update.request == "config"
    assert create.ignored == {"Internal"}  # config.pop("Internal") before sending


@pytest.mark.skipif(not ORACLE.exists(), reason="no Airflow 3.0.6 environment with amazon 9.30.0 and botocore")
def test_rebuilding_the_map_of_amazon_9_30_gives_the_shipped_calls(tmp_path):
    site = ORACLE.parent.parent / "lib" / "python3.11" / "site-packages"
    out = tmp_path / "calls.json"
    subprocess.run([str(ORACLE), str(REPO / "lint" / "catalog" / "aws_calls.py"), "--provider", f"9.30.0={site}",
                    "--overrides", str(REPO / "schemas" / "aws" / "operator-calls.overrides.json"), "--out", str(out)],
                   check=True, capture_output=True)
    rebuilt = json.loads(out.read_text())["operators"]
    shipped = json.loads((REPO / "schemas" / "aws" / "operator-calls.json").read_text())["operators"]

    def at_930(operators):
        from wflint.aws.calls import _covers

        return {name: sorted(json.dumps({k: v for k, v in call.items() if k != "versions"}, sort_keys=True)
                             for call in entry["calls"] if _covers(call["versions"], "9.30.0", []))
                for name, entry in operators.items()}

    assert at_930(rebuilt) == {name: calls for name, calls in at_930(shipped).items() if calls}
