"""Compare a given IAM policy with what the workflow needs: missing grants and over-broad ones."""

from __future__ import annotations

import fnmatch
import json
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    kind: str  # "missing" (the task fails: AccessDenied) or "broad" (a warning)
    message: str
    task: str | None = None
    offset: int | None = None


class PolicyError(ValueError):
    pass


def load_policy(path: str) -> list[dict]:
    """The policy's Allow statements (Action/Resource as lists). Raises PolicyError on bad input."""
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except (OSError, ValueError) as error:
        raise PolicyError(f"{path}: cannot read the policy ({error})") from None
    statements = document.get("Statement") if isinstance(document, dict) else None
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list):
        raise PolicyError(f"{path}: no `Statement` list (an IAM policy document is expected)")
    allowed = []
    for statement in statements:
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        allowed.append({
            "Sid": str(statement.get("Sid", "")),
            "Action": _strings(statement.get("Action")),
            "Resource": _strings(statement.get("Resource")),
        })
    return allowed


def _strings(value) -> list[str]:
    """An IAM element given as one string or a list of them (anything else grants nothing)."""
    if isinstance(value, str):
        return [value]
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _match(pattern: str, value: str, case: bool) -> bool:
    # IAM wildcards: `*` any run, `?` one character; actions are case-insensitive, ARNs are not.
    if not case:
        pattern, value = pattern.lower(), value.lower()
    return fnmatch.fnmatchcase(value, pattern.replace("[", "[[]"))


def _covers(statement: dict, action: str, resource: str) -> bool:
    return (any(_match(p, action, False) for p in statement["Action"])
            and any(p == "*" or _resource_match(p, resource) for p in statement["Resource"]))


_PLACEHOLDERS = re.compile(r"\$\{AWS::\w+\}")
_UNKNOWN = "\x00"


def _resource_match(pattern: str, resource: str) -> bool:
    """Whether a policy's resource pattern covers a needed ARN. A `${AWS::Region}` /
    `${AWS::AccountId}` placeholder of the needed ARN stands for whatever region or account the
    policy names there (the user fills them in, as the text format asks)."""
    if "${AWS::" not in resource:
        return _match(pattern, resource, True)
    # The placeholders hold `::`; as one character each the ARNs split into their six fields.
    mine = _PLACEHOLDERS.sub(_UNKNOWN, resource).split(":", 5)
    theirs = _PLACEHOLDERS.sub("*", pattern).split(":", 5)
    if len(mine) != 6 or len(theirs) != 6:
        return _match(pattern, resource, True)
    return all(part == _UNKNOWN or _match(other, part, True) for part, other in zip(mine, theirs))


def check_policy(statements: list[dict], permissions) -> list[Finding]:
    findings: list[Finding] = []
    needed_services = set()
    for task in permissions:
        for grant in task.grants:
            needed_services.add(grant.action.split(":", 1)[0])
            if not any(_covers(s, grant.action, grant.resource) for s in statements):
                findings.append(Finding("missing", f"task `{grant.task}` ({grant.operator.rsplit('.', 1)[-1]}) needs "
                                        f"{grant.action} on {grant.resource} ({grant.operation}); the policy does not grant it",
                                        grant.task, grant.offset))
    for statement in statements:
        label = f"statement {statement['Sid']!r}" if statement["Sid"] else "a statement"
        for action in statement["Action"]:
            if action == "*" or action.endswith(":*"):
                findings.append(Finding("broad", f"{label} grants `{action}`: every action of "
                                        f"{'every service' if action == '*' else action.split(':')[0]}; list the actions the tasks need"))
        if "*" in statement["Resource"]:
            named = [g for t in permissions for g in t.grants if g.resource != "*"
                     and any(_match(p, g.action, False) for p in statement["Action"])]
            if named:
                findings.append(Finding("broad", f"{label} grants its actions on every resource (`*`), though the "
                                        f"workflow names them (e.g. {named[0].resource})"))
    return findings
