"""The template object model: its data is what the task SDK really offers, and templates are
judged against it (attributes, calls, nested markup).

The golden fixture tests/golden/jinja/object_model.yaml holds the cases proved against real
Airflow 3.0.6 and 3.3.2 (scripts/oracle_render.py rendered each one; what Airflow said is noted
there)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from wflint.jinja.analysis import analyze_template, check_references, default_airflow3_context
from wflint.jinja.objects import object_model

REPO = Path(__file__).resolve().parents[1]
ORACLES = {"3.0.6": "/opt/oracle/af306/bin/python", "3.3.2": "/opt/oracle/af332/bin/python"}


def problems(template: str):
    return [(p.kind, template[p.start:p.end]) for p in check_references(analyze_template(template), default_airflow3_context())]


def test_the_shipped_model_covers_the_mwaa_and_the_newest_airflow():
    assert object_model("3.0.6").airflow_version == "3.0.6"
    assert object_model().airflow_version == "3.3.2"
    assert object_model("3.1.0").airflow_version == "3.0.6"  # the nearest built version at or below
    ti = object_model("3.0.6").type_of("ti")
    assert ti.class_name == "RuntimeTaskInstance" and ti.has("xcom_pull") and not ti.has("execution_date")
    assert [p.name for p in object_model("3.0.6").macros["ds_add"]] == ["ds", "days"]


@pytest.mark.parametrize("version", sorted(ORACLES))
def test_the_shipped_model_is_what_the_builder_writes(version, tmp_path):
    python = ORACLES[version]
    if not os.path.exists(python):
        pytest.skip(f"no Airflow {version} environment at {python}")
    out = tmp_path / "objects.json"
    env = {**os.environ, "AIRFLOW_HOME": str(tmp_path / "home"), "PYTHONHASHSEED": "0"}
    subprocess.run([python, str(REPO / "lint/catalog/template_objects.py"), "--out", str(out)], check=True, env=env,
                   capture_output=True)
    built = json.loads(out.read_text())["versions"][version]
    shipped = json.loads((REPO / "schemas/template-objects.json").read_text())["versions"][version]
    assert built == shipped


def test_attributes_of_context_objects():
    assert problems("{{ ti.hostnme }}") == [("unknown-attribute", "hostnme")]
    assert problems("{{ ti.hostname }} {{ dag_run.conf }} {{ dag.dag_id }} {{ ds[0:4] }}") == []
    assert problems("{{ ti.execution_date }}") == [("removed-name", "ti.execution_date")]
    assert problems("{{ task_instance['hostnme'] }}") == [("unknown-attribute", "'hostnme'")]


def test_a_user_defined_macro_or_a_local_name_is_not_the_context():
    template = "{% set ti = 1 %}{{ ti.hostnme }}"
    assert problems(template) == []


def test_calls_bind_against_the_real_signature():
    assert problems("{{ ti.xcom_pull('a', 'b', 'c', False, 'e') }}") == [("invalid-call", "'e'")]
    assert problems("{{ ti.xcom_pull(task_ids='a', key='k', default=1) }}") == []
    assert problems("{{ macros.ds_add(ds, days=3) }}") == []
    assert problems("{{ macros.ds_add(ds, 3, days=3) }}") == [("invalid-call", "days")]
    assert problems("{{ macros.ds_add(*params.args) }}") == []  # arity unknowable


def test_date_formats_are_checked_only_when_known():
    assert problems("{{ macros.ds_format(ds, '%Y-%m-%d', '%d') }}") == []
    assert problems("{{ macros.ds_format(ds_nodash, '%Y-%m-%d', '%d') }}") == [("invalid-call", "ds_nodash")]
    assert problems("{{ macros.ds_format(params.day, '%Y', '%d') }}") == []  # a value wflint cannot know
    assert problems("{% set fmt = params.f %}{{ macros.ds_format('2024-01-31', fmt, '%d') }}") == []


def test_nested_markup_is_a_warning_where_it_renders_literally():
    assert problems("{{ '{{ ds }}' }}") == [("nested-template", "'{{ ds }}'")]
    assert problems("echo '{{ ds }}'") == []  # quotes outside an expression are text
