"""Operator catalog: what wflint knows about Airflow operators, without importing Airflow.

    from wflint.catalog import Catalog
    info = Catalog.default().lookup("airflow.providers.amazon.aws.sensors.s3.S3KeySensor")

The data comes from catalogs built by introspecting real Airflow distributions
(``python -m wflint.catalog.build``; see docs/catalog.md). Nothing is read until the first lookup,
and then only the index and the catalog files that lookup needs.
"""

from __future__ import annotations

from .model import AirflowFacts, ArgumentInfo, Deprecation, OperatorInfo, Suggestion
from .store import Catalog, CatalogError

__all__ = [
    "AirflowFacts",
    "ArgumentInfo",
    "Catalog",
    "CatalogError",
    "Deprecation",
    "OperatorInfo",
    "Suggestion",
]
