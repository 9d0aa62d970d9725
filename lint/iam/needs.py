"""What each task of a workflow needs from IAM: the actions its operator's AWS calls are authorised
by (at the target's amazon provider release) and the resources its arguments name.

Nothing is evaluated: a templated part of a name becomes `*` (`reports/{{ ds }}.csv` ->
`reports/*.csv`), an unknown account or region a `${AWS::AccountId}` / `${AWS::Region}`
placeholder, and every such gap is recorded as a `Hole` so that the user sees it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..aws.calls import calls_for, provider_release
from ..operators import task_arguments
from ..yaml.tree import Mapping, Node, Scalar, iter_pairs
from . import data

AMAZON = "airflow.providers.amazon."
PARTITION = "aws"
REGION = "${AWS::Region}"
ACCOUNT = "${AWS::AccountId}"
_PLACEHOLDER = re.compile(r"\$\{(\w+)\}")
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\$\{?\w+\}?", re.S)
_SUFFIXES = ("name", "arn", "url", "id", "identifier")
# Request members whose ARN placeholder is not spelt like them (S3's Key is the ARN's ObjectName).
_MEMBER_ALIASES = {"key": "object"}


@dataclass(frozen=True)
class Hole:
    """A part of a resource the file does not say (filled with `*` or a placeholder)."""

    task: str
    resource: str
    what: str


@dataclass(frozen=True)
class Grant:
    """One action on one resource, needed by one task."""

    task: str
    operator: str
    action: str
    resource: str
    operation: str  # the API call it authorises ("s3 PutObject"), or "dependent of X"
    node: Node | None  # the argument that names the resource (else the task's operator)
    scoped: bool = True  # False: the action supports no resource-level permissions


@dataclass
class TaskNeeds:
    task: str
    operator: str
    node: Node | None  # where the task names its operator (or its id)
    grants: list[Grant] = field(default_factory=list)
    holes: list[Hole] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)  # warnings: what could not be mapped
    mapped: bool = True  # the operator has a verified call map


def _norm(name: str) -> str:
    name = name.rsplit(".", 1)[-1].lower()
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _pattern(node: Node | None) -> tuple[str | None, bool]:
    """The text of a value with its unknowable parts as `*`, and whether anything was known."""
    if type(node) is not Scalar:
        return None, False
    typed = node.typed
    if typed is None:
        return None, False
    if not isinstance(typed, str):
        return str(typed), True
    text = typed.strip()
    if text.startswith("+"):  # a DAG Factory XCom reference
        return "*", False
    pattern = _TEMPLATE.sub("*", text)
    pattern = re.sub(r"\*+", "*", pattern)
    return pattern, pattern.replace("*", "") != ""


def _member_values(call, arguments: dict, scope: str = "") -> dict[str, tuple[str, Node, str | None]]:
    """request member (last segment) -> (argument, value node, pattern) for the arguments given."""
    found: dict[str, tuple[str, Node, str | None]] = {}
    # Top-level members first: `Bucket` names the request's bucket, `CopySource.Bucket` another one
    # (an action scoped to `CopySource` reads the nested members instead).
    for member, argument in sorted(call.params.items(), key=lambda item: item[0].count(".")):
        given = arguments.get(argument)
        if given is None:
            continue
        if scope:
            if not member.startswith(scope + "."):
                continue
            member = member[len(scope) + 1:]
        found.setdefault(member.rsplit(".", 1)[-1], (argument, given.value, _pattern(given.value)[0]))
    if call.request and not scope and call.request in arguments and type(arguments[call.request].value) is Mapping:
        for key, value in iter_pairs(arguments[call.request].value):
            if type(key) is Scalar and key.value not in found:
                found[key.value] = (call.request, value, _pattern(value)[0])
    return found


@lru_cache(maxsize=1024)
def _arn_regex(arn_format: str) -> re.Pattern:
    pieces, last = [], 0
    for match in _PLACEHOLDER.finditer(arn_format):
        pieces.append(re.escape(arn_format[last:match.start()]))
        name = match.group(1)
        pieces.append("[^:]+" if name == "Partition" else f"(?P<{name.lower()}>[^:/]+)")
        last = match.end()
    pieces.append(re.escape(arn_format[last:]))
    return re.compile("".join(pieces))


def _arn_parts(arn_format: str, value: str) -> dict[str, str] | None:
    """The placeholder values of `value` read as an ARN of `arn_format`, or None if it is not one."""
    match = _arn_regex(arn_format).fullmatch(value)
    return {key: part for key, part in match.groupdict().items() if part} if match else None


def _fill(arn: str, resource_type: str, prefix: str, members: dict) -> tuple[str, float, list[str], Node | None]:
    """An ARN format filled from the request members: (arn, placeholders filled, unknown parts, node)."""
    filled, missing, node = 0.0, [], None
    values: dict[str, str] = {}
    # An S3 URL (`s3://bucket/key`) names both parts; an SQS queue URL names region, account and queue.
    for member, (_, value_node, pattern) in members.items():
        if not pattern:
            continue
        if pattern.startswith("s3://"):
            bucket, _, key = pattern[5:].partition("/")
            if bucket:
                values.setdefault("bucketname", bucket)
            if key and _norm(member) in ("key", "object", "prefix", "source", "dest"):
                values["objectname"] = key
        elif pattern.startswith("https://sqs.") and prefix == "sqs":
            parts = pattern.split("/")
            if len(parts) >= 5:
                values["region"] = parts[2].split(".")[1]
                values["account"], values["queuename"] = parts[3], parts[4]
        elif pattern.startswith(f"arn:{PARTITION}:{prefix}:"):
            # An ARN of this resource type is the resource; an ARN of another type of the service
            # still names its parts (a state machine's ARN gives its executions' name and account).
            for other in data.document()["resources"].get(prefix, {}).values():
                parts = _arn_parts(other, pattern)
                if parts is None:
                    continue
                if other == arn:
                    return pattern, 99.0, (["templated"] if "*" in pattern else []), value_node
                for key, part in parts.items():
                    values.setdefault(key, part)
                node = node or value_node

    used: set[str] = set()  # a member fills one placeholder (taskDefinition: the family, not the revision)

    def lookup(placeholder: str):
        nonlocal node, filled
        wanted = placeholder.lower()
        if wanted in values:
            filled += 1
            return values[wanted]
        target = _norm(placeholder)
        # An exact name first (JobName), then a member the placeholder starts with (taskDefinition
        # -> TaskDefinitionFamilyName), then a bare `Name` for the resource type's own name
        # (CreateJob.Name -> ${JobName}), which counts for less when types compete.
        for weight, matches in ((1.0, lambda short, member: short == target),
                                (1.0, lambda short, member: bool(short) and target.startswith(short)),
                                (0.5, lambda short, member: member.lower() == "name" and target == resource_type.lower())):
            for member, (_, value_node, pattern) in members.items():
                if not pattern or "://" in pattern or member in used:
                    continue
                if matches(_MEMBER_ALIASES.get(_norm(member), _norm(member)), member):
                    used.add(member)
                    node = value_node  # the last part named is the most specific (the key, not the bucket)
                    filled += weight
                    return pattern
        return None

    def replace(match: re.Match) -> str:
        nonlocal filled
        name = match.group(1)
        if name == "Partition":
            return PARTITION
        value = values.get(name.lower()) if name in ("Region", "Account") else lookup(name)
        if name == "Region":
            if value:
                return value
            missing.append("region")
            return REGION
        if name == "Account":
            if value:
                return value
            missing.append("account id")
            return ACCOUNT
        if value is None:
            missing.append(name)
            return "*"
        if "*" in value:
            missing.append(f"{name} (templated)")
        return value

    result = _PLACEHOLDER.sub(replace, arn)
    if node is None and filled:
        node = next((value_node for _, value_node, pattern in members.values() if pattern and "://" in pattern), None)
    return result, filled, missing, node


def _resources(action_name: str, members: dict, preferred: set[str] = frozenset()) -> list[tuple[str, list[str], Node | None, bool]]:
    """The resources to grant `action_name` on: [(arn, unknown parts, node, scoped)]."""
    info = data.action(action_name)
    prefix = action_name.partition(":")[0]
    types = [resource for resource in (info or {}).get("resources", ())
             if data.arn_format(prefix, resource["type"])]
    if not types:
        return [("*", [], None, False, "")]
    best = None
    for order, resource in enumerate(types):
        arn, filled, missing, node = _fill(data.arn_format(prefix, resource["type"]), resource["type"], prefix, members)
        # Prefer a type the arguments name, the task's own kind of resource among those (GetTags
        # of a crawler tags the crawler), then the type named most fully, the one with fewest
        # unknown parts (a bucket before an access point), a required type, the reference's order.
        score = (filled > 0, resource["type"] in preferred, filled, -len(missing), resource["required"], -order)
        if best is None or score > best[0]:
            best = (score, arn, missing, node, resource["type"])
    _, arn, missing, node, chosen = best
    return [(arn, missing, node, True, chosen)]


def task_needs(task, operator_path: str | None, target=None) -> TaskNeeds:
    """The IAM grants `task` needs when its operator is `operator_path` (canonical path)."""
    operator = operator_path or ""
    node = task.operator.value if task.operator is not None else task.id_node
    needs = TaskNeeds(task.id, operator, node)
    if not operator.startswith(AMAZON):
        needs.mapped = False
        if operator:
            needs.gaps.append(f"{operator} is not an Amazon provider operator: wflint derives no AWS permissions "
                              "for it (code it runs may still call AWS)")
        return needs
    calls = calls_for(operator, target)
    if not calls:
        needs.mapped = False
        needs.gaps.append(f"{operator} has no verified AWS call mapping (amazon provider "
                          f"{provider_release(target)}): its permissions are not known")
        return needs
    arguments = {argument.name: argument for argument in task_arguments(task)}
    own_values = {id(argument.value) for argument in arguments.values() if argument.own}
    seen: set[tuple[str, str]] = set()
    holes: set[tuple[str, str]] = set()
    kinds: dict[str, set[str]] = {}  # per service: the resource types the task's arguments fully name
    task_members: dict[str, dict] = {}  # per service: a name one call is given
    for call in calls:
        for member, value in _member_values(call, arguments).items():
            task_members.setdefault(call.service, {}).setdefault(member, value)
    for call in calls:
        actions = data.actions_for(call.service, call.operation)
        if actions is None:
            gap = f"{call.service} {call.operation} (via {call.via}) has no IAM action in the reference"
            if gap not in needs.gaps:
                needs.gaps.append(gap)
            continue
        scopes = data.scopes_for(call.service, call.operation)
        pending = [(action, f"{call.service} {call.operation}", scopes.get(action, "")) for action in actions]
        while pending:
            action, why, scope = pending.pop(0)
            # The operator works on one resource of a kind: a name one call is given stands for
            # the calls that take it from elsewhere (StartCrawler after CreateCrawler(config)).
            members = _member_values(call, arguments, scope)
            if not scope:
                members = {**task_members.get(call.service, {}), **members}
            for arn, missing, value_node, scoped, kind in _resources(action, members, kinds.setdefault(call.service, set())):
                if kind and value_node is not None and not set(missing) - {"region", "account id"}:
                    kinds[call.service].add(kind)
                if (action, arn) in seen:
                    continue
                seen.add((action, arn))
                # Point at the argument only when this file holds it (not a defaults.yml).
                where = value_node if value_node is not None and id(value_node) in own_values else node
                needs.grants.append(Grant(task.id, operator, action, arn, why, where, scoped))
                for part in missing:
                    if (arn, part) not in holes:
                        holes.add((arn, part))
                        needs.holes.append(Hole(task.id, arn, part))
            for dependent in (data.action(action) or {}).get("dependent", ()):
                if "*" not in dependent:
                    pending.append((dependent, f"dependent of {action}", scope))
    return needs
