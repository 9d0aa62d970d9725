"""Target tests judge with the shipped catalogs, which know every release from MWAA Serverless's up
to the newest (schemas/catalogs/release-histories): `Catalog.at({distribution: version})`."""

from __future__ import annotations

from wflint.catalog import Catalog
from wflint.engine import Project


def versioned_catalog():
    return Catalog.default()


def target_project(config=None) -> Project:
    """A project whose operator knowledge follows the target."""
    return Project(config, catalog=versioned_catalog())


def test_the_shipped_catalog_answers_per_release():
    catalog = versioned_catalog()
    assert catalog.releases("apache-airflow-providers-amazon")[0] == "9.30.0"
    old = catalog.at({"apache-airflow-providers-amazon": "9.30.0"})
    new = catalog.at({"apache-airflow-providers-amazon": "9.39.0"})
    path = "airflow.providers.amazon.aws.operators.quicksight.QuickSightCreateIngestionOperator"
    assert "waiter_delay" not in old.lookup(path).arguments
    assert "waiter_delay" in new.lookup(path).arguments
