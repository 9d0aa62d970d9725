"""`wflint rule CODE`: a rule's documentation."""

from __future__ import annotations

import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser("rule", help="show the documentation of a rule")
    parser.add_argument("code", help="rule code (WF201) or name (dependency-cycle)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from ..rules import all_rules, get_rule, rule_by_name
    from ..suggest import did_you_mean

    rule = get_rule(args.code) or rule_by_name(args.code)
    if rule is None:
        known = [r.code for r in all_rules()] + [r.name for r in all_rules()]
        print(f"wflint: error: no rule {args.code!r}{did_you_mean(args.code, known)}", file=sys.stderr)
        return 2
    print(render_rule(rule))
    return 0


def render_rule(rule) -> str:
    from ..rules import docs_url, rule_docs

    docs = rule_docs(rule)
    lines = [f"# {rule.name} ({rule.code})", "", f"Default severity: {rule.severity.label}."]
    if rule.profile:
        lines.append(f"Active only with the `{rule.profile}` profile.")
    lines += ["", docs["body"], "", f"Docs: {docs_url(rule.code)}"]
    return "\n".join(lines)
