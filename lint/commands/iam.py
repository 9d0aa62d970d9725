"""`wflint iam FILE`: the least-privilege IAM policy a workflow's tasks need (JSON policy document,
or text explaining each grant), and `--check POLICY.json` to compare a given policy with it."""

from __future__ import annotations

import json
import os
import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "iam",
        help="write the IAM policy a workflow needs, or check a given one (--check)",
        description="Print the least-privilege IAM policy the tasks of a DAG Factory workflow need: the "
                    "actions their Amazon operators call, on the resources their arguments name. With "
                    "--check, list what a given policy lacks (exit 1) and what it grants too broadly.",
    )
    parser.add_argument("file", help="a workflow YAML file")
    parser.add_argument("--dag", help="only this DAG")
    parser.add_argument("--format", choices=("json", "text"), default="json",
                        help="json: the policy document (default); text: each grant explained, holes and gaps listed")
    parser.add_argument("--check", metavar="POLICY.json", help="check this IAM policy document against the workflow")
    parser.add_argument("--config", help="configuration file (default: found from FILE)")
    parser.set_defaults(func=run)


def _error(message: str) -> int:
    print(f"wflint iam: error: {message}", file=sys.stderr)
    return 2


def run(args) -> int:
    from ..config import ConfigError, load_config
    from ..engine import Project, lint_path
    from ..iam.policy import check_policy, explain, policy_document
    from ..iam.workflow import file_needs

    if not os.path.isfile(args.file):
        return _error(f"{args.file}: no such file")
    policy = None
    if args.check:
        try:
            with open(args.check, encoding="utf-8") as handle:
                policy = json.load(handle)
        except (OSError, ValueError) as error:
            return _error(f"{args.check}: cannot read the policy: {error}")
        if not isinstance(policy, dict) or "Statement" not in policy:
            return _error(f"{args.check}: not an IAM policy document (a JSON object with `Statement`)")
    try:
        if args.config:
            from pathlib import Path

            project = Project(load_config(Path(args.config)))
        else:
            project = Project()
        result = lint_path(args.file, project)
    except ConfigError as error:
        return _error(str(error))
    if result.workflow is None or result.workflow.kind != "workflow":
        return _error(f"{args.file} is not a DAG Factory workflow file")
    if not result.workflow.document.syntax_ok:
        return _error(f"{args.file} is not valid YAML (`wflint check {args.file}` says where)")
    found = file_needs(result, project, args.dag)
    if not found:
        names = ", ".join(dag.name for dag in result.workflow.dags) or "none"
        return _error(f"{args.file} has {'no DAG `' + args.dag + '`' if args.dag else 'no DAG'} (DAGs: {names})")
    needs = [task for _, tasks in found for task in tasks]
    if policy is not None:
        findings = check_policy(policy, needs)
        for finding in findings:
            print(f"{args.file}: {finding.severity}: {finding.message}")
        missing = sum(1 for finding in findings if finding.severity == "error")
        if not findings:
            print(f"{args.file}: the policy grants what the workflow needs, and no more")
        return 1 if missing else 0
    if args.format == "text":
        sys.stdout.write(explain(needs))
        return 0
    sys.stdout.write(json.dumps(policy_document(needs), indent=2) + "\n")
    for task in needs:  # json stays a clean document; gaps still never go unsaid
        for gap in task.gaps:
            print(f"wflint iam: warning: {task.task}: {gap}", file=sys.stderr)
    return 0
