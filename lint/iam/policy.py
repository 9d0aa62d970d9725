"""The least-privilege IAM policy a workflow needs, derived from the model (no second parser).

Each task's operator -> the API calls it makes at the target's amazon provider release
(lint/aws/calls.py) -> the IAM actions those need and the resource types they act on
(lint/iam/actions.py) -> ARNs filled from the arguments that flow into the request members. What the
file cannot tell (a templated part, an argument not set, the account and region) becomes `*` or a
`${AWS::...}` placeholder and is listed as a hole. Never a `*` action.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..aws.calls import calls_for, mapped_operators, provider_release
from ..yaml.tree import Mapping, Scalar, iter_pairs
from .actions import action_info, actions_for, implied_for, resource_member

TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9]+)\}")
# ARN parts the workflow file never names: CloudFormation-style pseudo parameters the user fills in.
ENVIRONMENT = {"Partition": "aws", "Region": "${AWS::Region}", "Account": "${AWS::AccountId}"}
# Request members that carry an ARN placeholder under another name (S3 calls an object its Key, EMR
# a cluster a job flow, Redshift Data a cluster its identifier). Compared case-insensitively.
MEMBER_ALIASES = {"ObjectName": ("Key",), "ClusterId": ("JobFlowId",), "ClusterName": ("ClusterIdentifier",),
                  "TaskDefinitionFamilyName": ("taskDefinition",)}


@dataclass(frozen=True)
class Grant:
    task: str
    operator: str
    action: str
    resource: str
    operation: str  # the API operation (service.Operation) that needs it
    offset: int  # where the task names its operator (or its id): diagnostics and hover point here


@dataclass
class TaskPermissions:
    task: str
    operator: str
    offset: int
    grants: list[Grant] = field(default_factory=list)
    holes: list[str] = field(default_factory=list)
    unmapped: str | None = None  # why no verified mapping exists for the operator, if none


def _value(task, argument: str) -> str | None:
    entry = task.config.get(argument)
    if entry is None or type(entry.value) is not Scalar:
        return None
    typed = entry.value.typed
    return typed if isinstance(typed, str) and typed.strip() else None


def _wild(text: str) -> tuple[str, bool]:
    """A value with every template part as `*` (`reports/{{ ds }}.csv` -> `reports/*.csv`)."""
    replaced = TEMPLATE.sub("*", text)
    return re.sub(r"\*+", "*", replaced), replaced != text


def _members(call, task, nested: str | None = None) -> dict[str, tuple[str | None, str]]:
    """Request member (lower case) -> (the value its argument gives, argument name). Top-level members
    first, then nested leaves where no top-level member has the name; with `nested`, only the members
    under it (CopyObject's CopySource)."""
    found: dict[str, tuple[str | None, str]] = {}
    params = sorted(call.params.items(), key=lambda item: item[0].count("."))
    for member, argument in params:
        if nested:
            if not member.startswith(nested + "."):
                continue
            member = member[len(nested) + 1:]
        elif member.split(".")[0] in {"CopySource"}:
            continue
        found.setdefault(member.split(".")[-1].lower(), (_value(task, argument), argument))
    # A whole-request argument (`config` of GlueCrawlerOperator: the CreateCrawler request) names
    # its resource by its own keys (`Name`); the same name stands for the task's other calls.
    request = task.config.get(call.request) if call.request and not nested else None
    if request is not None and type(request.value) is Mapping:
        for key, value in iter_pairs(request.value):
            if type(key) is Scalar and type(value) is Scalar and isinstance(value.typed, str) and value.typed.strip():
                found.setdefault(key.value.lower(), (value.typed, f"{call.request}.{key.value}"))
    queue = found.get("queueurl")
    if queue and queue[0] and "://" in queue[0]:
        found.setdefault("queuename", (queue[0].rstrip("/").rsplit("/", 1)[-1], queue[1]))
    # `s3://bucket/key` in a key argument names the bucket too (the S3 hook splits it).
    key = found.get("key")
    if key and key[0] and key[0].startswith("s3://"):
        bucket, _, path = key[0][5:].partition("/")
        found["key"] = (path, key[1])
        if not (found.get("bucket") or (None,))[0]:
            found["bucket"] = (bucket, key[1])
    bucket = found.get("bucket")
    if bucket and bucket[0] and bucket[0].startswith("s3://"):
        found["bucket"] = (bucket[0][5:].split("/", 1)[0], bucket[1])
    return found


def _fill(arn: str, members: dict, holes: list[str], task_id: str) -> tuple[str, int]:
    """The ARN with its placeholders filled from the members; how many came from the file."""
    filled = 0

    def replace(match: re.Match) -> str:
        nonlocal filled
        name = match.group(1)
        if name in ENVIRONMENT:
            return ENVIRONMENT[name]
        candidates = [name, name[:-4] if name.endswith("Name") else name, *MEMBER_ALIASES.get(name, ())]
        if name.endswith("Name"):
            candidates.append("Name")  # CreateJob's `Name` is the job's name
        for member in candidates:
            member = member.lower()
            if member in members:
                value, argument = members[member]
                if value is None:
                    holes.append(f"{task_id}: `{argument}` is not set in the file, so {name} is `*`")
                    return "*"
                wild, templated = _wild(value)
                if templated:
                    holes.append(f"{task_id}: `{argument}` is templated ({value!r}), so {name} is {wild!r}")
                filled += 1
                return wild
        return "*"

    return PLACEHOLDER.sub(replace, arn), filled


def _arn_member(members: dict, service_prefix: str) -> str | None:
    """A member given as a whole ARN of this service (a state machine, a topic, a function by ARN)."""
    for value, _ in members.values():
        if value and value.startswith(f"arn:aws:{service_prefix}:"):
            return _wild(value)[0]
    return None


_FORMATS: dict[str, list[tuple[str, re.Pattern]]] = {}


def _formats(service_prefix: str) -> list[tuple[str, re.Pattern]]:
    """The ARN formats of a service's resource types, each with a regex that reads an ARN's parts."""
    found = _FORMATS.get(service_prefix)
    if found is None:
        from .actions import iam_document

        arns = sorted({resource["arn"] for name, info in iam_document()["actions"].items()
                       if name.startswith(service_prefix + ":") for resource in info.get("resources", ())})
        found = []
        for arn in arns:
            pattern, last = [], 0
            for match in PLACEHOLDER.finditer(arn):
                pattern.append(re.escape(arn[last:match.start()]))
                pattern.append("[^:]+" if match.group(1) == "Partition" else f"(?P<{match.group(1)}>[^:/]+)")
                last = match.end()
            pattern.append(re.escape(arn[last:]))
            found.append((arn, re.compile("".join(pattern))))
        _FORMATS[service_prefix] = found
    return found


def _arn_for_type(whole: str, type_arn: str, service_prefix: str) -> str | None:
    """`whole` (an ARN the file gives) as the resource of `type_arn`: itself when it is one, else the
    type's ARN filled with the parts `whole` names (a state machine's ARN names its executions'
    machine, region and account); None when `whole` is no ARN of the service's known types."""
    for arn, regex in _formats(service_prefix):
        match = regex.fullmatch(whole)
        if match is None:
            continue
        if arn == type_arn:
            return whole
        parts = {key: value for key, value in match.groupdict().items() if value}
        return PLACEHOLDER.sub(lambda m: "aws" if m.group(1) == "Partition" else parts.get(m.group(1), "*"), type_arn)
    return None


def task_permissions(task, target=None) -> TaskPermissions:
    entry = task.operator
    path = entry.value.value.strip() if entry is not None and type(entry.value) is Scalar and isinstance(entry.value.typed, str) else ""
    offset = entry.value.start if entry is not None else task.id_node.start
    result = TaskPermissions(task.id, path, offset)
    if not path:
        return result
    calls = calls_for(path, target)
    if not calls:
        if path.startswith("airflow.providers.amazon."):
            result.unmapped = ("no verified mapping of its AWS calls" if path not in mapped_operators()
                               else f"no AWS calls mapped at amazon provider {provider_release(target)}")
        return result
    # First the resource types the task's arguments name (a job, a cluster): an action whose own
    # resource no argument names (GetTags, TagResource) is then scoped to one of those types.
    named_types: dict[str, str] = {}  # resource type -> the ARN the task's arguments give it
    given_arns: list[str] = []  # whole ARNs the task's arguments give (a state machine's)
    for call in calls:
        for action in actions_for(call.service, call.operation) or ():
            members = _members(call, task, resource_member(call.service, call.operation, action))
            given_arns.extend(value for value, _ in members.values()
                              if value and value.startswith("arn:aws:") and value not in given_arns)
            chosen = _resource(action, action_info(action) or {}, members, task.id, {})
            if chosen and chosen[2] > 0 and "*" not in chosen[0]:
                named_types.setdefault(chosen[1], chosen[0])
    seen = set()
    for call in calls:
        actions = actions_for(call.service, call.operation)
        if actions is None:
            result.holes.append(f"{task.id}: {call.service}.{call.operation} has no IAM action in the dataset")
            continue
        for action in actions:
            members = _members(call, task, resource_member(call.service, call.operation, action))
            info = action_info(action) or {}
            chosen = _resource(action, info, members, task.id, named_types, given_arns)
            if chosen is None:
                unset = sorted({argument for value, argument in members.values() if value is None})
                result.holes.append(f"{task.id}: {', '.join(f'`{a}`' for a in unset)} not set, so {call.service}.{call.operation} "
                                    f"({call.via or 'its hook'}) is taken as not made: no {action} granted")
                continue
            resource, _, _, holes = chosen
            result.holes.extend(holes)
            key = (action, resource)
            if key not in seen:
                seen.add(key)
                result.grants.append(Grant(task.id, path, action, resource, f"{call.service}.{call.operation}", offset))
            for dependent in info.get("dependent", ()):
                if action_info(dependent) is not None and (dependent, "*") not in seen:
                    seen.add((dependent, "*"))
                    result.grants.append(Grant(task.id, path, dependent, "*", f"{call.service}.{call.operation}", offset))
        for implied in implied_for(call.service, call.operation):
            argument = call.params.get(implied["location"])
            location = _value(task, argument) if argument else None
            if location is None or not location.startswith("s3://"):
                if argument and location is not None:
                    result.holes.append(f"{task.id}: `{argument}` is not an s3:// URL, so the S3 permissions of "
                                        f"{call.service}.{call.operation} on it are not granted")
                continue
            bucket, _, prefix = location[5:].partition("/")
            members = {"bucket": (bucket, argument), "key": (prefix + "*", argument)}
            for action in implied["actions"]:
                chosen = _resource(action, action_info(action) or {}, members, task.id, {})
                if chosen is None or (action, chosen[0]) in seen:
                    continue
                seen.add((action, chosen[0]))
                result.holes.extend(chosen[3])
                result.grants.append(Grant(task.id, path, action, chosen[0],
                                           f"{call.service}.{call.operation} (on `{argument}`)", offset))
    result.holes = list(dict.fromkeys(result.holes))
    return result


def _resource(action: str, info: dict, members: dict, task_id: str, named_types: dict[str, str],
              given_arns: list[str] = ()):
    """(ARN, resource type, placeholders filled from the file, holes) for one action, or None when the
    members that would name its resource are all unset (the code path that makes the call is not taken)."""
    types = info.get("resources") or []
    if not types:
        return "*", "", 0, []  # the action supports no resource-level permission
    prefix = action.split(":", 1)[0]
    whole = _arn_member(members, prefix)
    if whole:
        for resource_type in types:
            fitted = _arn_for_type(whole, resource_type["arn"], prefix)
            if fitted is not None:
                holes = [] if fitted == whole else [f"{task_id}: {action} acts on {fitted!r}, read from {whole!r}"]
                return fitted, resource_type["type"], 1, holes
        return whole, "arn", 1, []
    best = None
    for resource_type in types:
        trial: list[str] = []
        arn, filled = _fill(resource_type["arn"], members, trial, task_id)
        score = (filled, resource_type["type"] in named_types, resource_type.get("required", False),
                 -len(PLACEHOLDER.findall(resource_type["arn"])))
        if best is None or score > best[0]:
            best = (score, arn, resource_type["type"], trial)
    score, arn, type_name, trial = best
    if score[0] == 0 and type_name in named_types:
        # The task names this resource in another call (the workgroup its query runs in, the job
        # it tags): the same resource.
        return named_types[type_name], type_name, 0, []
    if score[0] == 0:
        # An ARN another argument of the task gives names parts of this one (RedriveExecution's
        # executions belong to the state machine StartExecution is given).
        for given in given_arns:
            if given.startswith(f"arn:aws:{prefix}:"):
                fitted = _arn_for_type(_wild(given)[0], next(t["arn"] for t in types if t["type"] == type_name), prefix)
                if fitted is not None and fitted != given:
                    return fitted, type_name, 0, [f"{task_id}: {action} acts on {fitted!r}, read from {given!r}"]
    if score[0] == 0:
        if trial and all("is not set" in hole for hole in trial) and not any(v for v, _ in members.values() if v):
            return None
        trial.append(f"{task_id}: no argument names the resource of {action}; its ARN is {arn!r}")
    return arn, type_name, score[0], trial


def workflow_permissions(workflow, dag_id: str | None = None, target=None) -> list[TaskPermissions]:
    found = []
    for dag in workflow.dags:
        if dag_id and dag.name != dag_id:
            continue
        for task in dag.tasks:
            found.append(task_permissions(task, target))
    return found


def _sid(service: str, actions: tuple, tasks: list[str], used: set[str]) -> str:
    # Sid allows only [A-Za-z0-9]: the service, the action when it is one, then the tasks.
    head = [actions[0].replace(":", " ")] if len(actions) == 1 else [service]
    words = re.split(r"[^A-Za-z0-9]+", " ".join([*head, *tasks]))
    base = "".join(word[:1].upper() + word[1:] for word in words if word)[:100] or "Grant"
    sid, n = base, 2
    while sid in used:
        sid, n = f"{base}{n}", n + 1
    used.add(sid)
    return sid


def policy_document(permissions: list[TaskPermissions]) -> dict:
    """The IAM policy: one statement per service and resource set, its Sid naming the tasks."""
    by_resource: dict[tuple[str, str], dict] = {}
    for task in permissions:
        for grant in task.grants:
            service = grant.action.split(":", 1)[0]
            slot = by_resource.setdefault((service, grant.resource), {"actions": set(), "tasks": []})
            slot["actions"].add(grant.action)
            if grant.task not in slot["tasks"]:
                slot["tasks"].append(grant.task)
    statements: dict[tuple, dict] = {}
    for (service, resource), slot in by_resource.items():
        key = (service, tuple(sorted(slot["actions"])))
        group = statements.setdefault(key, {"resources": [], "tasks": []})
        group["resources"].append(resource)
        group["tasks"].extend(t for t in slot["tasks"] if t not in group["tasks"])
    used: set[str] = set()
    out = []
    for (service, actions), group in sorted(statements.items()):
        out.append({
            "Sid": _sid(service, actions, group["tasks"], used),
            "Effect": "Allow",
            "Action": list(actions) if len(actions) > 1 else actions[0],
            "Resource": sorted(group["resources"]) if len(group["resources"]) > 1 else group["resources"][0],
        })
    return {"Version": "2012-10-17", "Statement": out}


def permissions_markdown(permissions: TaskPermissions) -> str | None:
    """The hover text of a task's IAM needs (None when its operator calls no AWS API)."""
    if permissions.unmapped:
        return f"**IAM**: {permissions.unmapped}; `wflint iam` cannot list its permissions"
    if not permissions.grants:
        return None
    lines = ["**IAM permissions this task needs** (`wflint iam`):", ""]
    lines += [f"- `{grant.action}` on `{grant.resource}`" for grant in permissions.grants]
    if permissions.holes:
        lines += ["", *[f"- hole: {hole.split(': ', 1)[-1]}" for hole in permissions.holes]]
    return "\n".join(lines)
