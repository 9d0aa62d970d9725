"""`wflint rule CODE`: a rule's documentation."""

from __future__ import annotations

import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser("rule", help="show the documentation of a rule")
    parser.add_argument("code", help="rule code (WF201) or name (dependency-cycle)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from ..rules import get_rule, rule_by_name

    rule = get_rule(args.code) or rule_by_name(args.code)
    if rule is None:
        print(f"wflint: error: no rule {args.code!r}{near_rules(args.code)}; `wflint rules` lists them all", file=sys.stderr)
        return 2
    print(render_rule(rule))
    return 0


def near_rules(written: str) -> str:
    """' (did you mean WF010 unknown-key or WF304 unknown-argument?)': the rules whose code or
    name is close to what was written (a look-alike code first), or ''."""
    from ..rules import all_rules
    from ..suggest import closest, rule_code

    rules = all_rules()
    by_code = {r.code: r for r in rules}
    by_name = {r.name: r for r in rules}
    found = []
    code = rule_code(written, list(by_code))
    if code:
        found.append(by_code[code])
    prefix = written.strip().upper()
    if prefix.startswith("WF") and prefix[2:].isdigit():  # a prefix such as WF01: its rules
        found += [r for c, r in sorted(by_code.items()) if c.startswith(prefix) and r not in found]
    for match in closest(prefix, list(by_code), n=3) + closest(written.lower(), list(by_name), n=3):
        rule = by_code.get(match) or by_name.get(match)
        if rule not in found:
            found.append(rule)
    if not found:
        return ""
    shown = [f"{r.code} {r.name}" for r in found[:3]]
    return f" (did you mean {', '.join(shown[:-1]) + ' or ' if len(shown) > 1 else ''}{shown[-1]}?)"


def render_rule(rule) -> str:
    from ..rules import docs_url, rule_docs

    docs = rule_docs(rule)
    lines = [f"# {rule.name} ({rule.code})", "", f"Default severity: {rule.severity.label}."]
    if rule.profile:
        lines.append(f"Active only with the `{rule.profile}` profile.")
    lines += ["", docs["body"], "", f"Docs: {docs_url(rule.code)}"]
    return "\n".join(lines)
