"""The shipped operator catalogs and the loader that reads them."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from wflint.catalog import Catalog, CatalogError, OperatorInfo
from wflint.catalog import store as catalog_store

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
MWAA_OPERATORS = SHARED / "reference" / "mwaa-serverless-operators.txt"
CATALOG_FOLDER = Catalog.shipped_folder()
SCHEMA = json.loads((REPO / "schemas" / "catalog.schema.json").read_text())

S3_KEY_SENSOR = "airflow.providers.amazon.aws.sensors.s3.S3KeySensor"
S3_CREATE_OBJECT = "airflow.providers.amazon.aws.operators.s3.S3CreateObjectOperator"
S3_LIST = "airflow.providers.amazon.aws.operators.s3.S3ListOperator"
EMPTY_OLD = "airflow.operators.empty.EmptyOperator"
EMPTY_NEW = "airflow.providers.standard.operators.empty.EmptyOperator"
BASE_OPERATOR = "airflow.sdk.bases.operator.BaseOperator"
BASE_SENSOR = "airflow.sdk.bases.sensor.BaseSensorOperator"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.default()


def catalog_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith((".json", ".json.gz")))


def read(path: Path) -> dict:
    raw = path.read_bytes()
    return json.loads(gzip.decompress(raw) if path.name.endswith(".gz") else raw)


# --- the shipped files ------------------------------------------------------------------------


def test_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("path", catalog_files(CATALOG_FOLDER), ids=lambda p: p.name)
def test_shipped_file_validates_against_schema(path):
    errors = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(read(path)))
    assert errors == [], [error.message for error in errors[:5]]


def test_index_points_at_every_class_and_alias_of_every_catalog():
    index = read(CATALOG_FOLDER / "index.json")
    expected = {}
    for package, entry in index["catalogs"].items():
        document = read(CATALOG_FOLDER / entry["file"])
        assert document["package"] == package and document["version"] == entry["version"]
        for path in (*document["classes"], *document["aliases"]):
            expected[path] = package
    assert index["paths"] == expected
    assert index["facts_in"] == "apache-airflow-task-sdk"


def test_catalogs_record_exact_versions_and_build_provenance():
    amazon = read(CATALOG_FOLDER / "apache-airflow-providers-amazon.json")
    assert amazon["package"] == "apache-airflow-providers-amazon"
    assert amazon["version"] == "9.39.0"
    assert amazon["airflow_version"] == "3.3.2"
    assert amazon["builder_version"] and amazon["built_at"].endswith("Z")
    sdk = read(CATALOG_FOLDER / "apache-airflow-task-sdk.json")
    assert sdk["airflow_version"] == "3.3.2"


def test_shipped_catalogs_stay_small():
    total = sum(path.stat().st_size for path in catalog_files(CATALOG_FOLDER))
    assert total < 5_000_000
    for path in catalog_files(CATALOG_FOLDER):
        if path.suffix == ".json":
            assert path.stat().st_size < 3_000_000, f"{path.name} should have been gzipped"


# --- lookups ----------------------------------------------------------------------------------


def test_mwaa_serverless_operators_are_known(catalog):
    if not MWAA_OPERATORS.is_file():
        pytest.skip("shared/reference is not beside the repository")
    listed = [line.strip() for line in MWAA_OPERATORS.read_text().splitlines() if line.strip()]
    missing = {path for path in listed if catalog.lookup(path) is None}
    # AWS's converter allow-list also names MaxDome* classes directly under the amazon provider's
    # `operators` / `sensors` packages. apache-airflow-providers-amazon 9.39.0 (the PyPI release
    # the catalog is built from) has no such classes, so no catalog of the real package knows them.
    not_in_public_provider = {path for path in missing if path.rpartition(".")[2].lower().startswith("maxdome")}
    assert missing == not_in_public_provider
    assert len(not_in_public_provider) == 7
    for path in not_in_public_provider:
        assert not any(p.rpartition(".")[2] == path.rpartition(".")[2] for p in catalog.paths())


def test_old_empty_operator_path_is_a_deprecated_alias(catalog):
    info = catalog.lookup(EMPTY_OLD)
    assert info is not None
    assert info.path == EMPTY_OLD
    assert info.canonical_path == EMPTY_NEW
    assert info.deprecated_alias is True
    assert info.replacement == EMPTY_NEW
    assert EMPTY_NEW in info.alias_message
    assert info.package == "apache-airflow-providers-standard"
    assert "task_id" in info.arguments

    current = catalog.lookup(EMPTY_NEW)
    assert current.deprecated_alias is False and current.replacement is None
    assert EMPTY_OLD in current.aliases  # other import paths are listed on the class


def test_bash_operator_and_sensors_moved_out_of_core_are_aliases(catalog):
    bash = catalog.lookup("airflow.operators.bash.BashOperator")
    assert bash.canonical_path == "airflow.providers.standard.operators.bash.BashOperator"
    assert bash.deprecated_alias
    assert "bash_command" in bash.arguments and bash.arguments["bash_command"].required
    sensor = catalog.lookup("airflow.sensors.base.BaseSensorOperator")
    assert sensor.canonical_path == BASE_SENSOR and sensor.deprecated_alias


def test_public_reexport_is_an_alias_that_is_not_deprecated(catalog):
    info = catalog.lookup("airflow.sdk.BaseOperator")
    assert info.canonical_path == BASE_OPERATOR
    assert info.deprecated_alias is False


def test_s3_key_sensor_has_own_and_inherited_arguments(catalog):
    info = catalog.lookup(S3_KEY_SENSOR)
    assert isinstance(info, OperatorInfo)
    assert (info.name, info.kind, info.package, info.package_version) == (
        "S3KeySensor",
        "sensor",
        "apache-airflow-providers-amazon",
        "9.39.0",
    )
    assert info.summary.startswith("Waits for one or multiple keys")
    arguments = info.arguments

    assert arguments["bucket_key"].required and arguments["bucket_key"].inherited_from is None
    assert arguments["bucket_key"].annotation == "str | list[str]"
    assert "s3://" in arguments["bucket_key"].description

    assert arguments["mode"].inherited_from == BASE_SENSOR
    assert arguments["mode"].default == "poke" and not arguments["mode"].required
    assert arguments["poke_interval"].inherited_from == BASE_SENSOR
    assert arguments["timeout"].inherited_from == BASE_SENSOR

    assert arguments["retries"].inherited_from == BASE_OPERATOR
    assert arguments["retries"].default == 0
    assert arguments["task_id"].required and arguments["task_id"].inherited_from == BASE_OPERATOR
    assert arguments["aws_conn_id"].inherited_from.endswith("AwsBaseSensor")
    assert arguments["aws_conn_id"].default == "aws_default"

    # BaseOperator rejects unknown keyword arguments, so the list is complete.
    assert info.arguments_complete
    assert info.accepts("bucket_key") is True
    assert info.accepts("bucket") is False
    assert BASE_OPERATOR in info.bases and BASE_SENSOR in info.bases
    assert "bucket_key" in info.template_fields


def test_non_json_defaults_are_kept_as_text(catalog):
    retry_delay = catalog.lookup(S3_KEY_SENSOR).arguments["retry_delay"]
    assert retry_delay.has_default and retry_delay.default_text == "datetime.timedelta(seconds=300)"
    assert retry_delay.default_display == "datetime.timedelta(seconds=300)"
    trigger_rule = catalog.lookup(S3_KEY_SENSOR).arguments["trigger_rule"]
    assert trigger_rule.default == "all_success"  # the enum's value, as YAML spells it


def test_deprecated_arguments_are_marked(catalog):
    base = catalog.lookup(BASE_OPERATOR)
    assert "removed in Airflow 3.0" in base.arguments["sla"].deprecated
    assert base.arguments["retries"].deprecated is None
    glue = catalog.lookup("airflow.providers.amazon.aws.operators.glue.GlueJobOperator")
    assert "durable" in glue.arguments["resume_glue_job_on_retry"].deprecated


def test_deprecated_class_is_marked(catalog):
    info = catalog.lookup("airflow.providers.standard.sensors.time_delta.TimeDeltaSensorAsync")
    assert info.deprecation is not None
    assert info.deprecation.replacement == "TimeDeltaSensor"
    assert catalog.lookup(S3_KEY_SENSOR).deprecation is None
    warned = catalog.lookup("airflow.providers.standard.sensors.time.TimeSensorAsync").deprecation
    assert (warned.replacement, warned.source) == ("TimeSensor", "warning in __init__")


def test_warnings_about_leaving_an_argument_out_or_combinations_do_not_deprecate_it(catalog):
    emr = catalog.lookup("airflow.providers.amazon.aws.operators.emr.EmrCreateJobFlowOperator")
    assert emr.arguments["wait_for_completion"].deprecated is None
    assert emr.arguments["wait_policy"].deprecated is None
    job = catalog.lookup("airflow.providers.cncf.kubernetes.operators.job.KubernetesJobOperator")
    assert job.arguments["parallelism"].deprecated is None
    eks = catalog.lookup("airflow.providers.amazon.aws.operators.eks.EksCreateClusterOperator")
    assert "region_name" in eks.arguments["region"].deprecated


def test_template_fields_come_from_the_class(catalog):
    info = catalog.lookup(S3_CREATE_OBJECT)
    assert "s3_key" in info.template_fields
    assert "data" in info.template_fields
    assert "replace" not in info.template_fields


def test_siblings_with_argument_names_classes_of_the_same_module(catalog):
    create = catalog.lookup(S3_CREATE_OBJECT)
    assert "bucket" not in create.arguments
    siblings = [info.canonical_path for info in catalog.siblings_with_argument(create, "bucket")]
    assert S3_LIST in siblings
    assert S3_CREATE_OBJECT not in siblings
    assert all(path.startswith("airflow.providers.amazon.aws.operators.s3.") for path in siblings)


def test_unknown_path_is_none(catalog):
    assert catalog.lookup("airflow.providers.amazon.aws.operators.s3.NoSuchOperator") is None
    assert catalog.lookup("not_a_module.Thing") is None


def test_listings(catalog):
    everything = list(catalog.all_operators())
    paths = [info.canonical_path for info in everything]
    assert len(paths) == len(set(paths)) > 300
    assert all(info.kind != "mixin" and not info.name.startswith("_") for info in everything)
    private_base = "airflow.providers.amazon.aws.operators.glue_crawler._GlueCrawlerBaseOperator"
    assert catalog.lookup(private_base) is not None  # still there for inherited arguments
    assert S3_KEY_SENSOR in paths and EMPTY_OLD not in paths
    in_s3 = [info.canonical_path for info in catalog.operators_in_module("airflow.providers.amazon.aws.operators.s3")]
    assert S3_LIST in in_s3 and S3_CREATE_OBJECT in in_s3
    assert all(path.rpartition(".")[0] == "airflow.providers.amazon.aws.operators.s3" for path in in_s3)
    old_module = catalog.operators_in_module("airflow.operators.empty")
    assert [info.path for info in old_module] == [EMPTY_OLD]


# --- did you mean -----------------------------------------------------------------------------


def test_suggest_class_typo_in_the_right_module(catalog):
    suggestions = catalog.suggestions("airflow.providers.amazon.aws.sensors.s3.S3KeySenser")
    assert suggestions[0].path == S3_KEY_SENSOR
    assert suggestions[0].reason == "class-typo"


def test_suggest_right_class_in_another_module(catalog):
    wrong_module = catalog.suggestions("airflow.providers.amazon.aws.operators.s3.S3KeySensor")
    assert (wrong_module[0].path, wrong_module[0].reason) == (S3_KEY_SENSOR, "other-module")
    misspelt_module = catalog.suggest_operator("airflow.providers.amazon.aws.sensor.s3.S3KeySensor")
    assert misspelt_module[0] == S3_KEY_SENSOR


def test_suggest_current_module_for_a_module_removed_before_airflow_3(catalog):
    old = "airflow.providers.cncf.kubernetes.operators.kubernetes_pod.KubernetesPodOperator"
    assert catalog.lookup(old) is None
    suggestion = catalog.suggestions(old)[0]
    assert suggestion.path == "airflow.providers.cncf.kubernetes.operators.pod.KubernetesPodOperator"
    assert suggestion.reason == "other-module"


def test_suggest_module_typo_with_class_typo(catalog):
    suggestions = catalog.suggestions("airflow.providers.amazon.aws.operatorz.s3.S3ListOperatr")
    assert suggestions[0].path == S3_LIST
    assert suggestions[0].reason == "module-typo"


def test_suggestions_never_recommend_deprecated_aliases(catalog):
    suggestions = catalog.suggest_operator("airflow.operators.emptyy.EmptyOperator")
    assert suggestions[0] == EMPTY_NEW
    assert EMPTY_OLD not in suggestions


def test_no_suggestion_for_nonsense(catalog):
    assert catalog.suggest_operator("zzz.qqq.Xyzzy") == []


# --- Airflow facts ----------------------------------------------------------------------------


def test_airflow_facts_come_from_airflow_3(catalog):
    facts = catalog.airflow_facts()
    assert facts.airflow_version == "3.3.2"
    assert "all_success" in facts.trigger_rules and "none_failed_min_one_success" in facts.trigger_rules
    assert "dummy" not in facts.trigger_rules and "none_failed_or_skipped" not in facts.trigger_rules
    assert set(facts.weight_rules) == {"downstream", "upstream", "absolute"}
    assert set(facts.sensor_modes) == {"poke", "reschedule"}
    documented_for_mwaa = {"ds", "ds_nodash", "ts", "ts_nodash", "ti", "task_instance", "params", "macros"}
    assert documented_for_mwaa | {"logical_date", "data_interval_start"} <= facts.template_context
    assert "execution_date" not in facts.template_context
    assert facts.removed_template_names["execution_date"] == ("logical_date", "data_interval_start")
    removed = set(facts.removed_template_names)
    assert {"next_ds", "prev_ds", "tomorrow_ds", "yesterday_ds", "yesterday_ds_nodash"} <= removed
    assert facts.macros["ds_add"] == "function" and facts.macros["datetime"] == "class"
    assert facts.macros["uuid"] == "module"
    assert "ds" in facts.template_filters
    assert facts.removed_task_arguments == {"task_concurrency": "max_active_tis_per_dag"}
    assert facts.removed_trigger_rules["dummy"] == "always"
    assert facts.removed_trigger_rules["none_failed_or_skipped"] == "none_failed_min_one_success"
    assert "airflow.sdk.definitions.context" in facts.sources["template_context"]


# --- laziness and layering --------------------------------------------------------------------


def test_lookup_reads_only_the_index_and_needed_catalogs(monkeypatch, tmp_path):
    read_files = []
    original = catalog_store.read_json_file

    def recording(path):
        read_files.append(Path(path).name)
        return original(path)

    monkeypatch.setattr(catalog_store, "read_json_file", recording)
    fresh = Catalog.from_paths([])
    assert read_files == []  # constructing reads nothing
    fresh.lookup(S3_KEY_SENSOR)
    assert sorted(read_files) == sorted(
        ["index.json", "apache-airflow-providers-amazon.json", "apache-airflow-task-sdk.json"]
    )
    fresh.lookup(S3_LIST)
    assert len(read_files) == 3  # already loaded


def test_loader_never_imports_airflow():
    code = (
        "import sys; from wflint.catalog import Catalog; c = Catalog.default(); "
        f"c.lookup({S3_KEY_SENSOR!r}); c.airflow_facts(); list(c.all_operators()); "
        "print(sorted(m for m in sys.modules if m == 'airflow' or m.startswith('airflow.')))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"


def _user_catalog(tmp_path: Path) -> dict:
    """An amazon catalog as a user with another provider version would build it."""
    document = read(CATALOG_FOLDER / "apache-airflow-providers-amazon.json")
    document["version"] = "9.0.0"
    del document["classes"][S3_KEY_SENSOR]
    made_up = dict(document["classes"][S3_LIST])
    made_up["summary"] = "Only in the user's version."
    document["classes"]["airflow.providers.amazon.aws.operators.s3.S3MadeUpOperator"] = made_up
    return document


def test_user_catalog_file_replaces_the_shipped_distribution(tmp_path):
    user_file = tmp_path / "apache-airflow-providers-amazon.json"
    user_file.write_text(json.dumps(_user_catalog(tmp_path)))
    layered = Catalog.from_paths([user_file])
    made_up = layered.lookup("airflow.providers.amazon.aws.operators.s3.S3MadeUpOperator")
    assert made_up.package_version == "9.0.0" and made_up.summary == "Only in the user's version."
    assert "task_id" in made_up.arguments  # bases still resolve through the shipped task SDK
    assert layered.lookup(S3_KEY_SENSOR) is None  # not in the user's version
    assert layered.lookup(EMPTY_NEW) is not None  # other shipped distributions stay
    assert layered.package_versions()["apache-airflow-providers-amazon"] == "9.0.0"
    assert Catalog.default().lookup(S3_KEY_SENSOR) is not None  # the default catalog is untouched


def test_user_catalog_folder_gzipped_with_index(tmp_path):
    from wflint.catalog import build

    folder = tmp_path / "catalogs"
    folder.mkdir()
    document = _user_catalog(tmp_path)
    build.write_catalog(folder, document, gzip_over=0)
    build.write_index(folder, "2026-01-01T00:00:00Z")
    assert (folder / "apache-airflow-providers-amazon.json.gz").is_file()
    layered = Catalog.from_paths([folder])
    assert layered.lookup("airflow.providers.amazon.aws.operators.s3.S3MadeUpOperator").package_version == "9.0.0"
    index = read(folder / "index.json")
    assert not list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(index))


def test_incompatible_catalog_is_reported(tmp_path):
    shutil.copy(CATALOG_FOLDER / "apache-airflow-providers-smtp.json", tmp_path / "smtp.json")
    document = read(tmp_path / "smtp.json")
    document["format_version"] = 99
    (tmp_path / "smtp.json").write_text(json.dumps(document))
    with pytest.raises(CatalogError, match="format version 99"):
        Catalog.from_paths([tmp_path / "smtp.json"]).lookup(S3_LIST)
    with pytest.raises(CatalogError, match="not found"):
        Catalog.from_paths([tmp_path / "missing.json"]).lookup(S3_LIST)
