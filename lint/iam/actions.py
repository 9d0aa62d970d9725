"""The IAM dataset extract (schemas/aws/iam-actions.json.gz, built by scripts/build_iam_actions.py):
API operation -> IAM actions, and per action its resource types (ARN formats) and dependent actions."""

from __future__ import annotations

import gzip
import json
from functools import lru_cache

from ..schemas import data_path


@lru_cache(maxsize=1)
def iam_document() -> dict:
    with gzip.open(data_path("aws", "iam-actions.json.gz"), "rt", encoding="utf-8") as handle:
        return json.load(handle)


def actions_for(service: str, operation: str) -> tuple[str, ...] | None:
    """The IAM actions an API operation needs; None when the dataset has no mapping for it."""
    found = iam_document()["services"].get(service, {}).get("operations", {}).get(operation)
    if not found or not found["actions"]:
        return None
    return tuple(found["actions"])


def action_info(action: str) -> dict | None:
    return iam_document()["actions"].get(action)


def known_action(action: str) -> bool:
    return action in iam_document()["actions"]


def resource_member(service: str, operation: str, action: str) -> str | None:
    """The nested request member that names `action`'s resource (CopyObject's CopySource), if not the top."""
    found = iam_document()["services"].get(service, {}).get("operations", {}).get(operation) or {}
    return (found.get("members") or {}).get(action)


def implied_for(service: str, operation: str) -> list[dict]:
    """Permissions the service uses with the caller's credentials on an S3 location the request
    names (Athena writes query results to the output location)."""
    found = iam_document()["services"].get(service, {}).get("operations", {}).get(operation) or {}
    return list(found.get("implied") or ())
