from __future__ import annotations

from ..diagnostics import Severity
from ..inputs import note_file
from . import Rule, register


@register
class MissingIamPermission(Rule):
    """A task needs an AWS permission that the configured IAM policy does not grant.

    ## What it does
    Runs when the configuration names the execution role's policy (`iam-policy =
    "path/to/policy.json"`). For each task it works out the IAM actions its operator's AWS calls
    need at the target's amazon provider release, scoped to the resources its arguments name
    (the same derivation as `wflint iam`, see docs/iam.md), and reports each action and resource
    the policy's `Allow` statements do not cover, at the task's operator.

    It is a warning by default: some calls are made only on one code path (`HeadObject` only
    when `replace` is false). Make it an error in CI with `severity = { WF810 = "error" }`.

    ## Why is this bad?
    MWAA Serverless grants a workflow only what its execution role allows, and checks it when the
    task runs: the task fails with `AccessDenied` at run time, after its upstream tasks have run.

    ## Example
    ```yaml
    # wflint.toml: iam-policy = "role-policy.json" (grants s3:ListBucket only)
    write_report:
      operator: airflow.providers.amazon.aws.operators.s3.S3CreateObjectOperator
      s3_bucket: reports-bucket
      s3_key: reports/today.csv     # needs s3:PutObject on arn:aws:s3:::reports-bucket/reports/today.csv
      data: hello
    ```
    """

    code = "WF810"
    name = "missing-iam-permission"
    severity = Severity.WARNING

    def check_task(self, ctx, task):
        setting = ctx.config.iam_policy
        if not setting or task.inherited or task.operator is None:
            return
        from ..iam.check import PolicyError, check_policy, load_policy
        from ..iam.policy import task_permissions

        path = ctx.config.resolve(setting)
        note_file(path)  # an edited policy re-checks the workflows (the result cache)
        policies = ctx.cache.setdefault("wf810:policies", {})
        if path not in policies:
            try:
                policies[path] = load_policy(path)
            except PolicyError as error:
                policies[path] = error
                ctx.report(task.operator.value, f"`iam-policy`: {error}")
                return
        statements = policies[path]
        if isinstance(statements, PolicyError):
            return
        permissions = task_permissions(task, ctx.target)
        for finding in check_policy(statements, [permissions]):
            if finding.kind == "missing":
                ctx.report(task.operator.value, f"{finding.message} (`iam-policy` {setting})")
