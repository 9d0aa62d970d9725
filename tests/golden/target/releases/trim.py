"""Make the release catalogs the target tests use: real single-release catalogs (written by
`python -m wflint.catalog.build` in one virtual environment per release, as
scripts/build_catalogs.py does) cut down to the classes the fixtures name and their bases.

    python tests/golden/target/releases/trim.py BUILT_FOLDER

BUILT_FOLDER holds `<distribution>/<version>.json`. Written here: `<distribution>/<version>.json.gz`.
They stand in for the shipped multi-release catalogs until those carry versions (see
tests/target_catalog.py): the verdicts of the tests must not change when the shipped data
answers instead.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
AMAZON = "airflow.providers.amazon.aws."
CLASSES = {
    "apache-airflow-providers-amazon": [
        AMAZON + "operators.athena.AthenaOperator",
        AMAZON + "operators.quicksight.QuickSightCreateIngestionOperator",
        AMAZON + "sensors.dynamodb.DynamoDBValueSensor",
        AMAZON + "operators.glue.GlueJobOperator",
        AMAZON + "operators.sagemaker.SageMakerProcessingOperator",
        AMAZON + "operators.glue_crawler.GlueCrawlerOperator",
        AMAZON + "operators.glue_crawler.GlueCrawlerCreateOperator",
        AMAZON + "operators.glue_crawler.GlueCrawlerUpdateOperator",
        AMAZON + "operators.glue_crawler.GlueCrawlerRunOperator",
        AMAZON + "operators.s3.S3CreateObjectOperator",
    ],
    "apache-airflow-providers-standard": [
        "airflow.providers.standard.operators.empty.EmptyOperator",
        "airflow.providers.standard.operators.bash.BashOperator",
    ],
    "apache-airflow-task-sdk": [
        "airflow.sdk.bases.operator.BaseOperator",
        "airflow.sdk.bases.sensor.BaseSensorOperator",
    ],
}
# The releases each test target names, and every release in between (for "added in").
RELEASES = {
    "apache-airflow-providers-amazon": ["9.30.0", "9.31.0", "9.32.0", "9.33.0", "9.34.0", "9.35.0", "9.35.1",
                                        "9.36.0", "9.37.0", "9.38.0", "9.39.0"],
    "apache-airflow-providers-standard": ["1.21.0"],
    "apache-airflow-task-sdk": ["1.0.6", "1.1.0", "1.1.2", "1.1.3", "1.1.5", "1.1.6", "1.1.7", "1.1.8", "1.2.0",
                                "1.2.1", "1.2.2", "1.3.0", "1.3.1", "1.3.2"],
}


def main(built: Path) -> None:
    for package, releases in RELEASES.items():
        for version in releases:
            document = json.loads((built / package / f"{version}.json").read_text())
            keep = set()
            for path in CLASSES[package]:
                entry = document["classes"].get(path)
                if entry is None:
                    continue
                keep.add(path)
                keep.update(base for base in entry.get("bases", ()) if base in document["classes"])
            document["classes"] = {path: document["classes"][path] for path in sorted(keep)}
            document["aliases"] = {path: alias for path, alias in document["aliases"].items() if alias["target"] in keep}
            document.pop("built_at", None)
            out = HERE / package / f"{version}.json.gz"
            out.parent.mkdir(exist_ok=True)
            out.write_bytes(gzip.compress(json.dumps(document, sort_keys=True).encode(), mtime=0))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
