"""`wflint rules`: list every rule."""

from __future__ import annotations

import json
import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser("rules", help="list the rules")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.set_defaults(func=run)


def run(args) -> int:
    from ..rules import all_rules, docs_url, rule_docs

    rules = all_rules()
    if args.format == "json":
        json.dump(
            [{"code": r.code, "name": r.name, "severity": r.severity.label, "summary": rule_docs(r)["summary"],
              "profile": r.profile, "url": docs_url(r.code)} for r in rules],
            sys.stdout, indent=2,
        )
        sys.stdout.write("\n")
        return 0
    width = max(len(r.name) for r in rules)
    for rule in rules:
        profile = f"  [profile {rule.profile}]" if rule.profile else ""
        print(f"{rule.code}  {rule.name:<{width}}  {rule.severity.label:<7}  {rule_docs(rule)['summary']}{profile}")
    return 0
