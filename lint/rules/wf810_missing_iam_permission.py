from __future__ import annotations

import json

from .. import inputs
from ..diagnostics import Severity
from ..operators import operator_of
from . import Rule, register


@register
class MissingIamPermission(Rule):
    """A task needs an IAM permission that the configured policy (`iam-policy`) does not grant.

    ## What it does
    Runs when the configuration names the workflow's execution-role policy
    (`iam-policy = "iam/policy.json"` in `[tool.wflint]`). For each task of an Amazon operator it
    works out the IAM actions the operator's AWS calls need at the target's amazon provider
    release (schemas/aws/operator-calls.json) and the resources its arguments name (buckets,
    object keys, jobs, functions, ...), as `wflint iam` does, and reports each action and resource
    the policy does not allow, at the argument that names the resource (or the operator).
    `wflint iam FILE` prints the policy the workflow needs; `wflint iam --check POLICY FILE`
    also lists grants broader than needed.

    Only `Allow` statements with `Action` and `Resource` are read; `Deny`, `NotAction`,
    `NotResource` and conditions are not evaluated. Some calls are made only on some paths
    (a tag update, a log fetch on failure), hence a warning rather than an error.

    ## Why is this bad?
    MWAA Serverless runs each workflow under its own execution role. A missing permission is found
    only when the task runs: `AccessDenied` at 3 a.m., after the upstream tasks have run.

    ## Example
    ```yaml
    # policy.json grants s3:PutObject on arn:aws:s3:::reports/* only
    write:
      operator: airflow.providers.amazon.aws.operators.s3.S3CreateObjectOperator
      s3_bucket: archive              # s3:PutObject on arn:aws:s3:::archive/out.txt is not granted
      s3_key: out.txt
      data: hello
    ```
    """

    code = "WF810"
    name = "missing-iam-permission"
    severity = Severity.WARNING

    def check_dag(self, ctx, dag):
        setting = ctx.config.iam_policy
        if not setting:
            return
        from ..iam.policy import check_policy, dag_needs  # only when configured: start-up stays as it was
        path = ctx.config.resolve(setting)
        inputs.note_file(path)  # the cache re-checks when the policy is edited
        loaded = ctx.cache.setdefault("wf810:policies", {})
        if path not in loaded:
            try:
                with open(path, encoding="utf-8") as handle:
                    loaded[path] = (json.load(handle), None)
            except (OSError, ValueError) as error:
                loaded[path] = (None, str(error))
        policy, problem = loaded[path]
        if problem is not None or not isinstance(policy, dict):
            ctx.report(dag.key, f"`iam-policy` ({setting}) cannot be read as an IAM policy: "
                                f"{problem or 'not a JSON object'}")
            return

        def resolve(task):
            resolved = operator_of(ctx, task)
            if resolved is None:
                return None
            return resolved.info.canonical_path if resolved.info is not None else resolved.path

        needs = dag_needs(dag, resolve, ctx.target)
        by_site: dict[tuple[int, int, str], list] = {}
        for finding in check_policy(policy, needs):
            grant = finding.grant
            if finding.severity != "error" or grant is None or grant.node is None:
                continue
            by_site.setdefault((grant.node.start, grant.node.end, grant.action), []).append(grant)
        for (_, _, action), grants in by_site.items():
            resources = ", ".join(f"`{resource}`" for resource in dict.fromkeys(grant.resource for grant in grants))
            grant = grants[0]
            ctx.report(grant.node, f"task `{grant.task}` needs `{action}` on {resources} ({grant.operation}); "
                                   f"`iam-policy` ({setting}) does not grant it")
