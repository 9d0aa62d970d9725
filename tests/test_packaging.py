"""The distribution: a non-editable wheel holds the whole `wflint` package and its data."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> tuple[zipfile.ZipFile, str]:
    """The wheel, and what the build printed (verbose, so setuptools' warnings are in it)."""
    pytest.importorskip("setuptools")
    pytest.importorskip("wheel")
    out = tmp_path_factory.mktemp("wheel")
    build = tmp_path_factory.mktemp("build")
    completed = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-v", "-w", str(out), str(REPO)],
        capture_output=True, text=True, cwd=build,
    )
    assert completed.returncode == 0, completed.stderr
    [path] = list(out.glob("wflint-*.whl"))
    return zipfile.ZipFile(path), completed.stdout + completed.stderr


@pytest.fixture(scope="module")
def wheel(build) -> zipfile.ZipFile:
    return build[0]


def test_wheel_holds_every_module_of_every_sub_package(wheel):
    """Each folder of the tree is listed in pyproject's packages: a sub-package left out would be
    missing from every non-editable install."""
    names = set(wheel.namelist())
    for folder, package in ((REPO / "lint", "wflint"), (REPO / "lsp", "wflint/lsp")):
        for module in folder.rglob("*.py"):
            assert f"{package}/{module.relative_to(folder).as_posix()}" in names


def test_wheel_holds_every_catalog_and_profile(wheel):
    names = set(wheel.namelist())
    for folder in ("catalogs", "profiles"):
        for data in (REPO / "schemas" / folder).rglob("*.json*"):  # earlier releases in sub-folders
            assert f"wflint/schemas/{folder}/{data.relative_to(REPO / 'schemas' / folder).as_posix()}" in names
    # the AWS call map and the botocore shapes, one file per service in a sub-folder
    for data in (REPO / "schemas" / "aws").rglob("*.json*"):
        assert f"wflint/schemas/aws/{data.relative_to(REPO / 'schemas' / 'aws').as_posix()}" in names


def test_building_the_wheel_prints_no_packaging_warning(build):
    output = build[1]
    assert "is absent from the `packages` configuration" not in output
    assert "absent from the packages configuration" not in output
    assert "SetuptoolsDeprecationWarning" not in output


def test_wheel_maps_the_folders_into_one_package(wheel):
    names = set(wheel.namelist())
    assert "wflint/cli.py" in names and "wflint/engine.py" in names
    assert "wflint/lsp/server.py" in names
    assert "wflint/rules/wf202_dependency_cycle.py" in names
    assert not any(name.startswith(("lint/", "lsp/", "schemas/")) for name in names), "top-level lint/lsp/schemas leaked"


def test_wheel_ships_schemas_catalogs_and_profiles(wheel):
    names = set(wheel.namelist())
    assert "wflint/schemas/dag-factory.schema.json" in names
    assert "wflint/schemas/catalogs/index.json" in names
    assert "wflint/schemas/catalogs/apache-airflow-providers-amazon.json" in names
    assert "wflint/schemas/catalogs/release-histories/apache-airflow-providers-amazon.json.gz" in names
    assert "wflint/schemas/profiles/mwaa-serverless.json" in names


def test_wheel_declares_the_console_script(wheel):
    entry_points = next(n for n in wheel.namelist() if n.endswith("entry_points.txt"))
    assert "wflint = wflint.cli:run" in wheel.read(entry_points).decode()
