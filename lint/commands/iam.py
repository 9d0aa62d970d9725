"""`wflint iam FILE`: the least-privilege IAM policy a workflow needs; `--check POLICY.json` compares a
given policy with it. See docs/iam.md."""

from __future__ import annotations

import json
import sys

from .workflow_file import UsageError, lint_workflow_file, usage_error


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "iam",
        help="print the least-privilege IAM policy a workflow needs, or check a policy against it",
        description="Print the IAM policy (JSON) that grants each task's operator the AWS actions it calls, "
                    "scoped to the resources its arguments name; --format text explains each grant and lists "
                    "the holes. With --check POLICY.json: list what the policy misses (exit 1) and what it "
                    "grants too broadly (warnings).",
    )
    parser.add_argument("file", help="a workflow YAML file")
    parser.add_argument("--dag", metavar="ID", help="only this DAG (default: every DAG in the file)")
    parser.add_argument("--format", "-f", choices=("json", "text"), default="json")
    parser.add_argument("--check", metavar="POLICY", help="check this IAM policy document against the workflow")
    parser.add_argument("--config", metavar="PATH", help="use this configuration file instead of discovering one")
    parser.set_defaults(func=run)


def run(args) -> int:
    from ..iam.check import PolicyError, check_policy, load_policy
    from ..iam.policy import policy_document, workflow_permissions

    try:
        project, result = lint_workflow_file(args)
    except UsageError as error:
        return usage_error("iam", error)
    if args.dag and result.workflow.dag(args.dag) is None:
        names = ", ".join(dag.name for dag in result.workflow.dags) or "none"
        print(f"wflint iam: error: {args.file} has no DAG `{args.dag}` (DAGs: {names})", file=sys.stderr)
        return 2
    permissions = workflow_permissions(result.workflow, args.dag, _target(project))
    if args.check:
        try:
            statements = load_policy(args.check)
        except PolicyError as error:
            print(f"wflint iam: error: {error}", file=sys.stderr)
            return 2
        findings = check_policy(statements, permissions)
        for finding in findings:
            where = ""
            if finding.offset is not None:
                line, col = result.workflow.source.line_col(finding.offset)
                where = f"{args.file}:{line}:{col}: "
            label = "error" if finding.kind == "missing" else "warning"
            print(f"{where}{label}: {finding.message}")
        _print_gaps(permissions, sys.stdout)
        missing = sum(1 for f in findings if f.kind == "missing")
        print(f"{missing} missing grant(s), {len(findings) - missing} over-broad grant(s)")
        return 1 if missing else 0
    document = policy_document(permissions)
    if args.format == "json":
        print(json.dumps(document, indent=2))
        return 0
    _print_text(permissions, document, result.workflow.source)
    return 0


def _target(project):
    try:
        from ..target import resolve

        return resolve(project.config)
    except Exception:  # noqa: BLE001 - no target: the newest mapped provider release
        return None


def _print_gaps(permissions, out) -> None:
    for task in permissions:
        if task.unmapped:
            print(f"warning: task `{task.task}` ({task.operator}): {task.unmapped}; its permissions are not in the policy", file=out)
        for hole in task.holes:
            print(f"hole: {hole}", file=out)


def _print_text(permissions, document, source) -> None:
    for task in permissions:
        if not task.grants and not task.unmapped:
            continue
        line, _ = source.line_col(task.offset)
        print(f"task {task.task} (line {line}): {task.operator}")
        for grant in task.grants:
            print(f"  {grant.action:<32} {grant.resource}  [{grant.operation}]")
    print()
    _print_gaps(permissions, sys.stdout)
    print("placeholders: ${AWS::Region} and ${AWS::AccountId} stand for the execution role's region and account")
    print(f"{len(document['Statement'])} statement(s)")
