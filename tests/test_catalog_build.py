"""The catalog builder's parts that need no Airflow: docstrings, source scanning, defaults, files.

The introspection itself runs in an Airflow environment (see docs/catalog.md); the last test runs
it when this environment happens to have Airflow installed.
"""

from __future__ import annotations

import ast
import datetime as dt
import enum
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from wflint.catalog import Catalog, build, docstrings, introspect, source_scan

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "schemas" / "catalog.schema.json").read_text())

DOC = """Wait for a key.

    More detail that is not the summary.

    :param bucket_key: The key being waited on.
        Supports s3:// urls.
    :param str | None bucket_name: Name of the bucket.
    :param region: DEPRECATED - use region_name.

    :type bucket_key: str
    :return: nothing
    """


def test_docstring_summary_and_params():
    assert docstrings.summary(DOC) == "Wait for a key."
    assert docstrings.summary(":param x: only fields") == ""
    assert docstrings.summary(None) == ""
    params = docstrings.param_descriptions(DOC)
    assert params == {
        "bucket_key": "The key being waited on. Supports s3:// urls.",
        "bucket_name": "Name of the bucket.",
        "region": "DEPRECATED - use region_name.",
    }
    assert docstrings.looks_deprecated(params["region"])
    assert not docstrings.looks_deprecated(params["bucket_name"])


SOURCE = '''
class Example(Base):
    def __init__(self, *, region=None, wait_policy=None, wait=True, parallelism=None, response_timeout=None,
                 new=1, **kwargs):
        if region is not None:
            warnings.warn("Parameter `region` is deprecated. Use `region_name`.", AirflowProviderDeprecationWarning)
        if wait_policy is not None:
            if wait is False:  # a combination is deprecated, neither argument alone
                warnings.warn("Setting wait_policy while wait is False is deprecated.", DeprecationWarning)
        if parallelism is None:  # leaving it out is what warns
            warnings.warn("parallelism should be set explicitly.", AirflowProviderDeprecationWarning)
        if self.execution_timeout and not response_timeout:  # about a base class argument
            warnings.warn("Passing `execution_timeout` is deprecated.", DeprecationWarning)
        if new > 3:
            warnings.warn("new is large", UserWarning)
        super().__init__(**kwargs)

class Closed(Base):
    def __init__(self, x, **kwargs):
        super().__init__(task_id="fixed")

class OldThing(Base):
    def __init__(self, **kwargs):
        warnings.warn("OldThing is deprecated; use NewThing.", DeprecationWarning)
        super().__init__(**kwargs)
'''


def _scan(name, arguments):
    return source_scan.scan_class(source_scan.find_class(ast.parse(SOURCE), name), set(arguments))


def test_source_scan_finds_deprecated_arguments_only_when_unambiguous():
    facts = _scan("Example", ["region", "wait_policy", "wait", "parallelism", "response_timeout", "new"])
    assert facts.deprecated_arguments == {"region": "Parameter `region` is deprecated. Use `region_name`."}
    assert facts.forwards_kwargs is True
    assert facts.class_deprecation is None


def test_source_scan_kwargs_forwarding_and_class_deprecation():
    assert _scan("Closed", ["x"]).forwards_kwargs is False
    old = _scan("OldThing", [])
    assert old.class_deprecation == "OldThing is deprecated; use NewThing."


class Colour(enum.Enum):
    RED = "red"


class ArgNotSet:  # stands in for Airflow's sentinel class of the same name
    pass


def test_encode_default():
    assert introspect.encode_default(None) == {"default": None}
    assert introspect.encode_default((1, "a")) == {"default": [1, "a"]}
    assert introspect.encode_default({"k": [True]}) == {"default": {"k": [True]}}
    assert introspect.encode_default(Colour.RED) == {"default": "red"}
    assert introspect.encode_default(dt.timedelta(seconds=5)) == {"default_text": "datetime.timedelta(seconds=5)"}
    assert introspect.encode_default(float("nan")) == {"default_text": "nan"}
    assert introspect.encode_default(ArgNotSet()) == {"default_text": "NOTSET"}
    assert introspect.encode_default(dict) == {"default_text": "builtins.dict"}


def _document(package: str, classes: dict, aliases: dict | None = None) -> dict:
    return {
        "format": "wflint-operator-catalog",
        "format_version": 1,
        "package": package,
        "version": "1.0.0",
        "airflow_version": "3.3.2",
        "python_version": "3.11.7",
        "built_at": "2026-01-01T00:00:00Z",
        "builder_version": build.BUILDER_VERSION,
        "classes": classes,
        "aliases": aliases or {},
        "skipped_modules": [{"module": "pkg.operators.needs_extra", "error": "ModuleNotFoundError: extra"}],
    }


def test_written_catalog_and_index_are_valid_and_loadable(tmp_path):
    classes = {
        "pkg.operators.thing.ThingOperator": {
            "kind": "operator",
            "summary": "Does a thing.",
            "bases": [],
            "init": {
                "forwards_kwargs": False,
                "arguments": [
                    {"name": "size", "annotation": "int", "required": False, "default": 2},
                    {"name": "when", "required": False, "default_text": "datetime.timedelta(0)"},
                ],
            },
            "template_fields": ["size"],
        }
    }
    alias = {"target": "pkg.operators.thing.ThingOperator", "deprecated": True, "source": "test"}
    aliases = {"pkg.old.ThingOperator": alias}
    document = _document("pkg-dist", classes, aliases)
    text = build.dumps_catalog(document)
    assert json.loads(text) == document
    assert text.count("\n") > len(classes) + len(aliases)  # one class or alias per line

    written = build.write_catalog(tmp_path, document, gzip_over=10_000_000)
    assert written.name == "pkg-dist.json"
    build.write_catalog(tmp_path, document, gzip_over=0)
    assert not written.exists() and (tmp_path / "pkg-dist.json.gz").exists()  # no stale variant
    build.write_index(tmp_path, "2026-01-01T00:00:00Z")

    validator = jsonschema.Draft202012Validator(SCHEMA)
    index = json.loads((tmp_path / "index.json").read_text())
    assert not list(validator.iter_errors(index))
    assert not list(validator.iter_errors(build.read_catalog_file(tmp_path / "pkg-dist.json.gz")))
    assert index["paths"] == {"pkg.old.ThingOperator": "pkg-dist", "pkg.operators.thing.ThingOperator": "pkg-dist"}
    assert index["deprecated_aliases"] == ["pkg.old.ThingOperator"]

    catalog = Catalog.from_paths([tmp_path], include_shipped=False)
    info = catalog.lookup("pkg.old.ThingOperator")
    assert info.deprecated_alias and info.canonical_path == "pkg.operators.thing.ThingOperator"
    assert info.arguments["size"].default == 2 and info.arguments["when"].default_text == "datetime.timedelta(0)"
    assert catalog.suggest_operator("pkg.operators.thing.ThingOperater") == ["pkg.operators.thing.ThingOperator"]


def test_builder_runs_as_a_script_with_the_standard_library_alone():
    """`python lint/catalog/build.py` works where wflint is not installed (-S: no site-packages)."""
    result = subprocess.run(
        [sys.executable, "-S", str(Path(build.__file__)), "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "--out" in result.stdout and "--package" in result.stdout


@pytest.mark.skipif(importlib.util.find_spec("airflow") is None, reason="Airflow is not installed here")
def test_build_against_installed_airflow(tmp_path):  # pragma: no cover - needs an Airflow environment
    assert build.main(["--out", str(tmp_path), "--package", "apache-airflow-providers-standard"]) == 0
    catalog = Catalog.from_paths([tmp_path], include_shipped=False)
    assert catalog.lookup("airflow.providers.standard.operators.empty.EmptyOperator") is not None
