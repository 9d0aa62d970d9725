"""The JSON Schema for editors (`wflint schema`, schemas/dag-factory.editor.schema.json): valid
draft-07, accepts what Airflow accepts, rejects an argument the operator does not take."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import jsonschema
import pytest

from wflint.catalog import Catalog
from wflint.editor_schema import render
from wflint.yaml.tree import parse_yaml, to_python

COMMITTED = Path(__file__).resolve().parents[1] / "schemas" / "dag-factory.editor.schema.json"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def _data(text: str):
    """The document as an editor's YAML server sees it: dates are strings."""
    def plain(value):
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()
        return value

    return plain(to_python(parse_yaml(text).root))


def test_committed_schema_is_current():
    assert COMMITTED.read_text(encoding="utf-8") == render(Catalog.default()), (
        "regenerate it: wflint schema -o schemas/dag-factory.editor.schema.json"
    )


def test_schema_size_stays_reasonable():
    assert COMMITTED.stat().st_size < 900_000


def test_accepts_the_files_airflow_accepts(corpus, validator):
    records = [json.loads(line) for line in (corpus / "oracle-results.jsonl").read_text().splitlines() if line.strip()]
    accepted = [r for r in records if r["loads"]]
    failures = {}
    for record in accepted:
        data = _data((corpus / record["file"]).read_text(encoding="utf-8"))
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:120]}" for e in validator.iter_errors(data)]
        if errors:
            failures[record["file"]] = errors[:3]
    assert failures == {}


WORKFLOW = """
wait_for_file:
  schedule: "@daily"
  tasks:
    - task_id: wait
      operator: airflow.providers.amazon.aws.sensors.s3.S3KeySensor
      bucket_key: s3://raw/{{ ds }}/done
      {extra}
"""


def test_rejects_an_unknown_argument(validator):
    data = _data(WORKFLOW.replace("{extra}", "bucket: raw"))
    messages = [error.message for error in validator.iter_errors(data)]
    assert messages, "`bucket` is not an argument of S3KeySensor"


def test_accepts_known_and_inherited_arguments_and_dag_factory_keys(validator):
    extra = "bucket_name: raw\n      retries: 2\n      mode: reschedule\n      task_group_name: g\n      dependencies: []"
    assert list(validator.iter_errors(_data(WORKFLOW.replace("{extra}", extra)))) == []


def test_deprecated_import_path_gets_the_same_arguments(validator):
    text = WORKFLOW.replace("airflow.providers.amazon.aws.sensors.s3.S3KeySensor", "airflow.operators.empty.EmptyOperator")
    text = text.replace("      bucket_key: s3://raw/{{ ds }}/done\n", "")
    assert list(validator.iter_errors(_data(text.replace("{extra}", "retries: 1")))) == []
    assert list(validator.iter_errors(_data(text.replace("{extra}", "bucket_key: x"))))


def test_arguments_have_descriptions():
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    arguments = schema["definitions"]["args:S3KeySensor"]["properties"]
    assert "bucket_key" in arguments and arguments["bucket_key"].get("description")
