"""The operator -> AWS API call map read from the amazon provider's source (schemas/aws/operator-calls.json).

Each expectation below was checked against the provider source it comes from (9.30.0 in
/opt/oracle/af306, 9.39.0 in /opt/oracle/af332); the map itself is built by
lint/catalog/aws_calls.py from those files, never by hand.
"""

from __future__ import annotations

import json

import pytest

from wflint.aws import calls_for, mapped_operators, provider_release
from wflint.schemas import data_path

OPS = "airflow.providers.amazon.aws.operators."


def _call(operator: str, service: str, operation: str, release=None):
    found = [call for call in calls_for(OPS + operator, release) if (call.service, call.operation) == (service, operation)]
    assert found, [(call.service, call.operation) for call in calls_for(OPS + operator, release)]
    return found


def test_s3_create_object_puts_the_object_named_by_its_arguments():
    # S3Hook.load_string -> _upload_file_obj -> client.upload_fileobj(file, bucket_name, key, ExtraArgs=...)
    calls = _call("s3.S3CreateObjectOperator", "s3", "PutObject")
    assert any(call.params.get("Bucket") == "s3_bucket" and call.params.get("Key") == "s3_key" for call in calls)
    assert any(call.via.startswith("S3Hook.load_string") for call in calls)


def test_glue_job_operator_starts_a_job_run_with_its_script_arguments_and_run_kwargs():
    # GlueJobHook.initialize_job: self.conn.start_job_run(JobName=..., Arguments=script_arguments, **run_kwargs)
    (call,) = [call for call in _call("glue.GlueJobOperator", "glue", "StartJobRun") if call.via == "GlueJobHook.initialize_job"]
    assert call.params["JobName"] == "job_name"
    assert call.params["Arguments"] == "script_args"
    assert call.request == "run_job_kwargs"
    assert {"JobName", "Arguments"} <= set(call.supplied)


def test_athena_operator_starts_a_query_execution():
    (call,) = _call("athena.AthenaOperator", "athena", "StartQueryExecution")
    assert call.params["QueryString"] == "query"
    assert call.params["QueryExecutionContext.Database"] == "database"
    assert call.params["ResultConfiguration"] == "result_configuration"
    assert "ResultConfiguration" in call.partial  # output_location is merged into it


def test_lambda_invoke_and_step_functions_start_execution():
    (invoke,) = _call("lambda_function.LambdaInvokeFunctionOperator", "lambda", "Invoke")
    assert invoke.params["FunctionName"] == "function_name"
    assert invoke.params["Payload"] == "payload"
    (start,) = _call("step_function.StepFunctionStartExecutionOperator", "stepfunctions", "StartExecution")
    assert start.params["stateMachineArn"] == "state_machine_arn"


def test_batch_container_overrides_become_submit_job_container_overrides():
    (call,) = _call("batch.BatchOperator", "batch", "SubmitJob")
    assert call.params["containerOverrides"] == "container_overrides"
    assert call.params["jobQueue"] == "job_queue"


def test_a_whole_config_argument_is_the_whole_request():
    calls = _call("sagemaker.SageMakerTrainingOperator", "sagemaker", "CreateTrainingJob")
    assert {call.request for call in calls} == {"config"}


def test_resource_actions_and_waiters_are_followed():
    scans = [call for call in calls_for("airflow.providers.amazon.aws.transfers.dynamodb_to_s3.DynamoDBToS3Operator")
             if call.operation == "Scan"]
    assert scans and scans[0].request == "dynamodb_scan_kwargs" and scans[0].params["TableName"] == "dynamodb_table_name"
    # AthenaHook.poll_query_status waits with the provider's own waiter "query_complete"
    assert any("waiter" in call.via for call in _call("athena.AthenaOperator", "athena", "GetQueryExecution"))


def test_releases_and_versions():
    document = json.load(open(data_path("aws", "operator-calls.json"), encoding="utf-8"))
    assert document["format"] == 1 and {"9.30.0", "9.39.0"} <= set(document["releases"])
    assert provider_release("9.30.0") == "9.30.0"
    assert provider_release("9.40.1") == document["releases"][-1]
    assert provider_release("8.0.0") == document["releases"][0]
    for entry in document["operators"].values():
        for call in entry["calls"]:
            assert call["source"] == "static" or call["source"].startswith("override: ")
    # an operator the provider does not have maps to nothing
    assert calls_for(OPS + "s3.NoSuchOperator") == ()


def test_unknown_operator_is_not_mapped():
    assert OPS + "glue.GlueJobOperator" in mapped_operators()


@pytest.mark.parametrize("release", ["9.30.0", "9.39.0"])
def test_both_ends_of_the_range_map_the_core_operators(release):
    for operator, operation in [("s3.S3CreateObjectOperator", "PutObject"), ("glue.GlueJobOperator", "StartJobRun"),
                                ("athena.AthenaOperator", "StartQueryExecution")]:
        assert any(call.operation == operation for call in calls_for(OPS + operator, release))


def test_docs_list_of_checked_arguments_is_current():
    """docs/aws-shapes.md's table is generated: `.venv/bin/python scripts/aws_shapes_doc.py`."""
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "scripts" / "aws_shapes_doc.py"
    assert subprocess.run([sys.executable, str(script), "--check"]).returncode == 0


def test_allow_list_coverage():
    """Of the MWAA Serverless allow-list's Amazon classes that exist and are not abstract bases,
    all but four have at least one AWS call mapped (docs/aws-shapes.md names them)."""
    profile = json.load(open(data_path("profiles", "mwaa-serverless.json"), encoding="utf-8"))
    mapped = set(mapped_operators())
    amazon = [path for path in profile["operators"] if ".amazon." in path]
    assert sum(path in mapped for path in amazon) >= 190
