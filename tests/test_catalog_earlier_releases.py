"""The earlier releases wflint ships (schemas/catalogs/earlier-releases: the ones MWAA Serverless
pins) are what the catalog builder writes in that release's environment.

Rebuilt here in /opt/oracle/af306 (Airflow 3.0.6, task SDK 1.0.6, amazon provider 9.30.0, DAG
Factory 1.0.1), skipped where that environment is absent. Re-make them with
`AIRFLOW_HOME=$(mktemp -d) /opt/oracle/af306/bin/python lint/catalog/build.py --out DIR` and
`gzip -9 -n` of DIR/<distribution>.json into earlier-releases/<distribution>/<version>.json.gz.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EARLIER = REPO / "schemas" / "catalogs" / "earlier-releases"
ORACLE = Path("/opt/oracle/af306/bin/python")
# What changes from one build to the next without the release changing.
VOLATILE = ("built_at", "python_version", "builder_version")


def _shipped() -> dict[str, dict]:
    return {file.parent.name: json.loads(gzip.decompress(file.read_bytes()))
            for file in EARLIER.glob("*/*.json.gz")}


def test_each_earlier_release_is_a_whole_catalog_named_by_its_folder():
    shipped = _shipped()
    assert set(shipped) == {"apache-airflow-core", "apache-airflow-task-sdk", "apache-airflow-providers-amazon"}
    for package, document in shipped.items():
        assert document["package"] == package
        assert (EARLIER / package / f"{document['version']}.json.gz").is_file()
    assert shipped["apache-airflow-providers-amazon"]["version"] == "9.30.0"
    assert shipped["apache-airflow-task-sdk"]["facts"]["trigger_rules"]  # Airflow 3.0.6's facts travel with it


@pytest.mark.skipif(not ORACLE.exists(), reason="no Airflow 3.0.6 environment at /opt/oracle/af306")
def test_the_shipped_earlier_releases_match_a_fresh_build():
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as out:
        subprocess.run([str(ORACLE), str(REPO / "lint" / "catalog" / "build.py"), "--out", out],
                       check=True, capture_output=True, env={**os.environ, "AIRFLOW_HOME": home})
        for package, document in _shipped().items():
            fresh = json.loads((Path(out) / f"{package}.json").read_text(encoding="utf-8"))
            for key in VOLATILE:
                fresh.pop(key, None)
                document.pop(key, None)
            assert fresh == document, package
