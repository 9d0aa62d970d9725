"""A multi-release operator catalog made of real single-release catalogs, for the target tests.

`ReleaseCatalog` answers what wflint.target.CatalogView asks of a catalog that knows versions
(`at({distribution: version})`, `releases(distribution)`) from the catalogs in
tests/golden/target/releases (real builder output, cut down to the classes the fixtures name:
see trim.py there). Once the shipped catalogs know versions (`Catalog.at`), they answer instead
and the verdicts must stay the same (`versioned_catalog`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from wflint.catalog import Catalog
from wflint.engine import Project
from wflint.target import version_key

RELEASES = Path(__file__).parent / "golden" / "target" / "releases"


class ReleaseCatalog:
    def __init__(self, folder: Path = RELEASES):
        self.files = {
            package.name: {path.name.split(".json")[0]: path for path in package.iterdir()
                           if path.name.endswith((".json", ".json.gz"))}
            for package in folder.iterdir() if package.is_dir()
        }
        self._views: dict[tuple, Catalog] = {}
        self.newest = self.at({})

    def releases(self, package: str) -> list[str]:
        return sorted(self.files.get(package, ()), key=version_key)

    def at(self, versions: dict[str, str]) -> Catalog:
        chosen = []
        for package, files in self.files.items():
            version = versions.get(package)
            if version not in files:
                version = self.releases(package)[-1]
            chosen.append(files[version])
        key = tuple(sorted(map(str, chosen)))
        if key not in self._views:
            self._views[key] = Catalog.from_paths(chosen, include_shipped=False)
        return self._views[key]

    def __getattr__(self, name):  # as a plain catalog: the newest releases
        return getattr(self.newest, name)


@lru_cache(maxsize=1)
def versioned_catalog():
    shipped = Catalog.default()
    # The shipped data carries the newest and MWAA Serverless's releases only (sparse): the
    # goldens' messages name the first release of a change, which needs every release.
    complete = callable(getattr(shipped, "at", None)) and not getattr(shipped, "sparse_releases", False)
    return shipped if complete else ReleaseCatalog()


def target_project(config=None) -> Project:
    """A project whose operator knowledge follows the target."""
    return Project(config, catalog=versioned_catalog())


def test_release_catalog_answers_per_release():
    catalog = ReleaseCatalog()
    assert catalog.releases("apache-airflow-providers-amazon")[0] == "9.30.0"
    old = catalog.at({"apache-airflow-providers-amazon": "9.30.0"})
    new = catalog.at({"apache-airflow-providers-amazon": "9.39.0"})
    path = "airflow.providers.amazon.aws.operators.quicksight.QuickSightCreateIngestionOperator"
    assert "waiter_delay" not in old.lookup(path).arguments
    assert "waiter_delay" in new.lookup(path).arguments
