"""What follows the target besides the golden pairs (tests/golden/target): requirements files,
the cache key, the catalog adapter, DAG Factory's releases as data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_target_releases import target_project
from wflint.config import Config, config_from_mapping
from wflint.engine import Project, lint_path
from wflint.target import (
    CatalogView, Target, dag_factory_data, dag_factory_has, read_requirements, resolve, version_key,
)

AMAZON = "apache-airflow-providers-amazon"
MWAA = (("apache-airflow-core", "3.0.6"), (AMAZON, "9.30.0"), ("dag-factory", "1.0.1"))


def _target(**versions) -> Target:
    items = tuple(sorted(versions.items()))
    return Target(items, tuple((name, "test") for name, _ in items))


# -- requirements files ------------------------------------------------------------------------

def test_a_pin_whose_marker_does_not_hold_is_skipped(tmp_path):
    (tmp_path / "requirements.txt").write_text(
        'apache-airflow==2.10.5 ; python_version < "3.0"\n'
        'apache-airflow==3.0.6 ; python_version >= "3.0"\n'
        "Dag_Factory==1.0.1\n"
    )
    assert read_requirements(str(tmp_path / "requirements.txt")) == {"apache-airflow-core": "3.0.6", "dag-factory": "1.0.1"}


def test_airflow_constraints_url_names_the_release_and_is_never_fetched(tmp_path):
    (tmp_path / "requirements.txt").write_text(
        "-c https://raw.githubusercontent.com/apache/airflow/constraints-3.0.6/constraints-3.11.txt\n"
        "-r https://example.com/other.txt\n"
        "apache-airflow-providers-amazon==9.30.0\n"
    )
    assert read_requirements(str(tmp_path / "requirements.txt")) == {"apache-airflow-core": "3.0.6", AMAZON: "9.30.0"}


# -- the cache key -----------------------------------------------------------------------------

def test_the_cache_key_follows_the_target_a_requirements_file_names(tmp_path):
    from wflint.cache import ResultCache

    (tmp_path / "requirements.txt").write_text("apache-airflow==3.0.6\n")
    config = config_from_mapping({"target": {"requirements": "requirements.txt"}}, str(tmp_path / "wflint.toml"), str(tmp_path))
    before = ResultCache(str(tmp_path / "cache"))._config_key(config)
    (tmp_path / "requirements.txt").write_text("apache-airflow==3.3.2\n")
    after = ResultCache(str(tmp_path / "cache"))._config_key(config)
    assert before != after


# -- the catalog adapter -----------------------------------------------------------------------

def test_a_catalog_of_one_release_answers_as_it_is():
    from wflint.catalog import Catalog

    one_release = Catalog.from_paths([Catalog.shipped_folder()], include_shipped=False)
    view = CatalogView(one_release, _target(**{AMAZON: "9.30.0"}))
    assert not view.versioned
    path = "airflow.providers.amazon.aws.operators.quicksight.QuickSightCreateIngestionOperator"
    assert "waiter_delay" in view.lookup(path).arguments  # newest: the target changes nothing
    assert view.argument_added_in(view.lookup(path), "waiter_delay") is None
    assert view.package_version(AMAZON) == one_release.package_versions()[AMAZON]


QUICKSIGHT = "airflow.providers.amazon.aws.operators.quicksight.QuickSightCreateIngestionOperator"


def test_the_shipped_catalogs_answer_at_every_release_from_mwaa_serverless_up():
    """wflint ships every release from the ones MWAA Serverless pins up to the newest (each built
    in that release's environment): a user with that target is judged with 9.30.0's classes, and
    messages name the release in which something first appears."""
    from wflint.catalog import Catalog

    shipped = Catalog.default()
    releases = CatalogView(shipped, _target()).releases(AMAZON)
    assert releases[0] == "9.30.0" and releases[-1] == shipped.package_versions()[AMAZON]
    assert {"9.31.0", "9.35.1", "9.38.0"} <= set(releases)
    view = CatalogView(shipped, _target(**{AMAZON: "9.30.0", "apache-airflow-task-sdk": "1.0.6"}))
    quicksight = view.lookup(QUICKSIGHT)
    assert quicksight.package_version == "9.30.0" and "waiter_delay" not in quicksight.arguments
    assert view.lookup("airflow.providers.amazon.aws.operators.athena.AthenaOperator").arguments["database"].required
    assert not view.knows("airflow.providers.amazon.aws.operators.glue_crawler.GlueCrawlerRunOperator")
    assert "all_done_min_one_success" not in view.airflow_facts().trigger_rules
    assert view.argument_added_in(quicksight, "waiter_delay") == (AMAZON, "9.37.0")
    assert view.added_in("airflow.providers.amazon.aws.operators.glue_crawler.GlueCrawlerRunOperator") == (AMAZON, "9.33.0")
    assert view.fact_added_in("trigger_rules", "all_done_min_one_success") == "3.1.0"
    assert view.describe("apache-airflow-task-sdk") == "Airflow 3.0.6 / task SDK 1.0.6"
    assert view.added_wording(view.release_name(AMAZON, "9.37.0")) == "it was added in 9.37.0"
    newest = CatalogView(shipped, _target())
    assert newest.since(QUICKSIGHT, "waiter_delay") == "9.37.0"


def test_a_target_between_catalogued_releases_is_judged_with_the_one_before():
    from wflint.catalog import Catalog

    view = CatalogView(Catalog.default(), _target(**{AMAZON: "9.35.5"}))
    assert view.judged_versions()[AMAZON] == "9.35.1"
    assert view.lookup(QUICKSIGHT).package_version == "9.35.1"
    older = CatalogView(Catalog.default(), _target(**{AMAZON: "9.1.0"}))
    assert older.judged_versions()[AMAZON] == "9.30.0"


def test_deprecation_advice_only_names_what_the_target_has():
    from wflint.catalog.model import ArgumentInfo, OperatorInfo
    from wflint.operators import advice_at_target

    class Ctx:  # what advice_at_target reads of a rule context
        project = target_project(Config(target_cli=MWAA))
        config = project.config_for(".")

    info = Ctx.project.catalog_at(Ctx.config).lookup(
        "airflow.providers.amazon.aws.operators.quicksight.QuickSightCreateIngestionOperator")
    assert "waiter_delay" not in info.arguments
    reason = ("The `check_interval` parameter is deprecated and will be removed in a future release. Use `waiter_delay` "
              "instead. While `check_interval` is set, it takes precedence over `waiter_delay`.")
    advice = advice_at_target(Ctx, info, reason, argument="check_interval")
    assert "Use `waiter_delay`" not in advice
    assert "`waiter_delay` does not exist in apache-airflow-providers-amazon 9.30.0" in advice
    crawler = Ctx.project.catalog_at(Ctx.config).lookup("airflow.providers.amazon.aws.operators.glue_crawler.GlueCrawlerOperator")
    advice = advice_at_target(Ctx, crawler, "GlueCrawlerOperator is deprecated. Use GlueCrawlerCreateOperator, "
                                            "GlueCrawlerUpdateOperator, and GlueCrawlerRunOperator instead.")
    assert advice.startswith("GlueCrawlerOperator is deprecated (") and "do not exist in" in advice


# -- DAG Factory releases as data ----------------------------------------------------------------

def test_dag_factory_differences_carry_their_releases_and_sources():
    data = dag_factory_data()
    assert data["releases"] == sorted(data["releases"], key=version_key)
    for name, feature in data["features"].items():
        assert feature["source"] and feature["what"], name
        assert "since" in feature or "until" in feature, name
    assert not dag_factory_has("schedule-asset-uri-strings", "1.0.1")
    assert dag_factory_has("schedule-asset-uri-strings", "1.1.0") and dag_factory_has("schedule-asset-uri-strings", None)
    assert not dag_factory_has("duration-seconds-shorthands", "1.0.1")


@pytest.mark.parametrize("dag_factory, expected", [("1.0.1", ["WF012", "WF012"]), ("1.1.0", [])])
def test_a_uri_string_schedule_list_is_judged_by_the_target_dag_factory(tmp_path, dag_factory, expected):
    # This file, loaded: DAG Factory 1.0.1 on Airflow 3.0.6: ValueError "All elements in 'schedule' should be either assets, asset
    # references, or asset aliases"; 1.1.0 on Airflow 3.3.2 loads it (skipping the blank item).
    (tmp_path / "consumer.yaml").write_text(
        "consumer:\n  start_date: 2024-01-01\n  schedule: ['s3://a/b', '  ', {__type__: airflow.sdk.Asset, uri: 's3://c'}]\n"
        "  tasks:\n    - task_id: a\n      operator: airflow.providers.standard.operators.empty.EmptyOperator\n"
    )
    project = Project(Config(target_cli=(("dag-factory", dag_factory),)))
    codes = [d.code for d in lint_path(str(tmp_path / "consumer.yaml"), project).diagnostics]
    assert codes == expected
