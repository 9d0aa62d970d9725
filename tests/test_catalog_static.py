"""Custom operators resolved from user source with ast, inheriting from catalogued Airflow classes."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from wflint.catalog import Catalog
from wflint.catalog.static import resolve_static

BASE_OPERATOR = "airflow.sdk.bases.operator.BaseOperator"
S3_KEY_SENSOR = "airflow.providers.amazon.aws.sensors.s3.S3KeySensor"

CUSTOM_MODULE = '''
"""Custom operators of a company. Importing this module must never happen in the linter."""
import datetime
import warnings

from airflow.sdk import BaseOperator
from airflow.providers.amazon.aws.sensors.s3 import S3KeySensor as KeySensor
from . import helpers
from .helpers import LocalBase

raise RuntimeError("imported by the linter")


class CopyOperator(BaseOperator):
    """Copy a thing from one place to another.

    Longer text that is not part of the summary.

    :param source: where to copy from
    :param target: where to copy to,
        on two lines
    """

    template_fields = ("source", "target")
    template_ext = (".sql",)

    def __init__(self, *, source: str, target: str = "out/", count: int = 3,
                 wait=datetime.timedelta(minutes=1), legacy_flag: bool | None = None, **kwargs):
        if legacy_flag is not None:
            warnings.warn("legacy_flag is deprecated, use count", DeprecationWarning, stacklevel=2)
        super().__init__(**kwargs)
        self.source = source


class FancyKeySensor(KeySensor):
    template_fields = (*KeySensor.template_fields, "pattern")

    def __init__(self, pattern: str = "*", **kwargs):
        super().__init__(**kwargs)


class SpecialCopy(CopyOperator):
    """Copy, specially."""


class FromHelpers(helpers.LocalBase):
    def __init__(self, colour: str = "red", **kwargs):
        super().__init__(**kwargs)


class Closed(BaseOperator):
    def __init__(self, only: int):
        super().__init__(task_id="fixed")


class NotATask(SomethingUnknown):
    pass
'''

HELPERS_MODULE = '''
from airflow.models.baseoperator import BaseOperator

raise RuntimeError("imported by the linter")


class LocalBase(BaseOperator):
    template_fields = ["region"]

    def __init__(self, region: str = "eu-west-1", **kwargs):
        super().__init__(**kwargs)
'''


@pytest.fixture
def source_root(tmp_path: Path) -> Path:
    package = tmp_path / "company" / "operators"
    package.mkdir(parents=True)
    (tmp_path / "company" / "__init__.py").write_text("raise RuntimeError('imported by the linter')\n")
    (package / "__init__.py").write_text("from .custom import CopyOperator\nraise RuntimeError('imported')\n")
    (package / "custom.py").write_text(textwrap.dedent(CUSTOM_MODULE))
    (package / "helpers.py").write_text(textwrap.dedent(HELPERS_MODULE))
    return tmp_path


@pytest.fixture
def resolve(source_root):
    catalog = Catalog.default()

    def resolve(path: str):
        return resolve_static(catalog, path, [source_root])

    yield resolve
    # The linter must never import user code: the modules raise when imported.
    assert not [name for name in sys.modules if name == "company" or name.startswith("company.")]


def test_custom_operator_own_arguments_from_source(resolve):
    info = resolve("company.operators.custom.CopyOperator")
    assert info is not None
    assert info.source == "static" and info.source_file.endswith("custom.py")
    assert (info.name, info.kind, info.package) == ("CopyOperator", "operator", None)
    assert info.summary == "Copy a thing from one place to another."
    source, target = info.arguments["source"], info.arguments["target"]
    assert source.required and source.annotation == "str" and source.description == "where to copy from"
    assert source.inherited_from is None
    assert target.default == "out/" and target.description == "where to copy to, on two lines"
    assert info.arguments["count"].default == 3
    assert info.arguments["wait"].default_text == "datetime.timedelta(minutes=1)"
    assert info.arguments["legacy_flag"].deprecated == "legacy_flag is deprecated, use count"
    assert info.template_fields == ("source", "target")
    assert info.template_ext == (".sql",)


def test_custom_operator_inherits_catalogued_base_arguments(resolve):
    info = resolve("company.operators.custom.CopyOperator")
    assert info.arguments["retries"].inherited_from == BASE_OPERATOR
    assert info.arguments["task_id"].required
    assert BASE_OPERATOR in info.bases
    assert info.arguments_complete  # the chain ends at BaseOperator
    assert info.accepts("no_such_argument") is False


def test_custom_sensor_expands_base_template_fields(resolve):
    info = resolve("company.operators.custom.FancyKeySensor")
    assert info.kind == "sensor"
    assert info.arguments["pattern"].default == "*"
    assert info.arguments["bucket_key"].inherited_from == S3_KEY_SENSOR
    assert info.arguments["mode"].inherited_from == "airflow.sdk.bases.sensor.BaseSensorOperator"
    assert "bucket_key" in info.template_fields and "pattern" in info.template_fields
    assert S3_KEY_SENSOR in info.bases


def test_subclass_of_a_custom_class_inherits_everything(resolve):
    info = resolve("company.operators.custom.SpecialCopy")
    assert info.summary == "Copy, specially."
    assert info.arguments["source"].inherited_from == "company.operators.custom.CopyOperator"
    assert info.arguments["retries"].inherited_from == BASE_OPERATOR
    assert info.template_fields == ("source", "target")


def test_relative_module_import_and_deprecated_base_path(resolve):
    info = resolve("company.operators.custom.FromHelpers")
    assert info.arguments["colour"].default == "red"
    assert info.arguments["region"].inherited_from == "company.operators.helpers.LocalBase"
    assert info.arguments["task_id"].inherited_from == BASE_OPERATOR
    assert info.template_fields == ("region",)


def test_init_without_kwargs_accepts_only_its_own_arguments(resolve):
    info = resolve("company.operators.custom.Closed")
    assert list(info.arguments) == ["only"]
    assert info.arguments_complete


def test_reexport_from_package_init(resolve):
    info = resolve("company.operators.CopyOperator")
    assert info.path == "company.operators.CopyOperator"
    assert "source" in info.arguments


def test_unknown_class_or_base_is_none(resolve):
    assert resolve("company.operators.custom.Missing") is None
    assert resolve("company.operators.custom.NotATask") is None
    assert resolve("company.nowhere.Thing") is None
    assert resolve("/etc/passwd.Thing") is None
    assert resolve("company/operators/custom.CopyOperator") is None  # not a dotted module path


def test_catalogued_path_falls_back_to_the_catalog(resolve):
    info = resolve(S3_KEY_SENSOR)
    assert info.source == "catalog" and info.package == "apache-airflow-providers-amazon"


def test_edited_source_is_read_again(resolve, source_root):
    assert "extra" not in resolve("company.operators.helpers.LocalBase").arguments
    helpers = source_root / "company" / "operators" / "helpers.py"
    edited = helpers.read_text().replace('region: str = "eu-west-1"', 'region: str = "eu-west-1", extra: int = 1')
    helpers.write_text(edited)
    assert resolve("company.operators.helpers.LocalBase").arguments["extra"].default == 1
