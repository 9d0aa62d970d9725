"""Every place a DAG names one of its tasks or groups, with the exact span of the name.

Definitions (`task_id: x`, a dict-form task key, `group_name: g`) and references
(`dependencies`, `task_group_name`, `parent_group_name`, `+task` values, and
`xcom_pull(task_ids='x')` inside templates) are what go-to-definition, references and rename
work on. Only names written in this document count: a task inherited from a defaults.yml is
defined there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wflint.model.workflow import Dag, Task, TaskGroup
from wflint.yaml.scalars import value_offset_map
from wflint.yaml.source import SourceText
from wflint.yaml.tree import Mapping, Node, Scalar, Sequence, iter_pairs, walk

TASK = "task"
GROUP = "group"
# `xcom_pull(task_ids='x')`, `xcom_pull('x')`, `xcom_pull(task_ids=["x", ...])` (first name).
_XCOM_TASK = re.compile(r"""xcom_pull\(\s*(?:task_ids\s*=\s*)?\[?\s*(['"])(?P<name>[\w.-]+)\1""")
_ARGUMENT_SKIP = frozenset({"task_id", "operator", "decorator", "dependencies", "task_group_name"})


@dataclass(frozen=True, slots=True)
class Mention:
    name: str
    target: str  # TASK or GROUP
    start: int  # the name's own span in the source (inside quotes, after `+`)
    end: int
    definition: bool
    how: str  # "task_id", "dependency", "task_group_name", "parent_group_name", "output", "xcom_pull"


def name_span(source: SourceText, node: Scalar, value_start: int = 0, value_end: int | None = None) -> tuple[int, int] | None:
    """Source span of `node.value[value_start:value_end]`; None when it cannot be exact."""
    value = node.value
    value_end = len(value) if value_end is None else value_end
    text = source.text
    if node.style is None and text[node.start : node.start + len(value)] == value:
        return node.start + value_start, node.start + value_end
    if node.style in ("'", '"') and text[node.start + 1 : node.end - 1] == value:
        return node.start + 1 + value_start, node.start + 1 + value_end
    mapping = value_offset_map(text, node.start, node.end, node.style, value)
    if not mapping.exact:
        return None
    return mapping.to_source_span(value_start, value_end)


def dag_mentions(dag: Dag, source: SourceText) -> list[Mention]:
    found: list[Mention] = []

    def add(node, name: str, target: str, definition: bool, how: str, start: int = 0, end: int | None = None):
        if type(node) is not Scalar:
            return
        span = name_span(source, node, start, end)
        if span is not None:
            found.append(Mention(name, target, span[0], span[1], definition, how))

    for task in dag.tasks:
        if task.inherited or not task.id:
            continue
        add(task.id_node, task.id, TASK, True, "task_id")
        _references(task, add, source)
    for group in dag.groups:
        if group.inherited or not group.name:
            continue
        add(group.name_node, group.name, GROUP, True, "group_name")
        _references(group, add, source)
    # A dependency names a task or a group; settle which by the DAG's names.
    settled = []
    for mention in found:
        if mention.how == "dependency":
            target = TASK if mention.name in dag.tasks_by_id else GROUP if mention.name in dag.groups_by_name else TASK
            mention = Mention(mention.name, target, mention.start, mention.end, False, mention.how)
        settled.append(mention)
    return settled


def _own(owner: Task | TaskGroup, key: str):
    entry = owner.config.get(key)
    return entry.value if entry is not None and entry.layer.kind == "dag" else None


def _references(owner: Task | TaskGroup, add, source: SourceText) -> None:
    dependencies = _own(owner, "dependencies")
    items = dependencies.items if type(dependencies) is Sequence else [dependencies] if dependencies is not None else []
    for item in items:
        if type(item) is Scalar and item.value:
            add(item, str(item.value), TASK, False, "dependency")
    if isinstance(owner, Task):
        group = _own(owner, "task_group_name")
        if type(group) is Scalar and group.value:
            add(group, group.value, GROUP, False, "task_group_name")
        _task_values(owner, add)
    else:
        parent = _own(owner, "parent_group_name")
        if type(parent) is Scalar and parent.value:
            add(parent, parent.value, GROUP, False, "parent_group_name")


def _task_values(task: Task, add) -> None:
    """`+other_task` outputs and `xcom_pull` task ids in the task's argument values."""
    if type(task.node) is not Mapping:
        return
    for key, value in iter_pairs(task.node):
        if type(key) is Scalar and key.value in _ARGUMENT_SKIP:
            continue
        for node in walk(value):
            if type(node) is not Scalar or not node.value:
                continue
            text = node.value
            if text.startswith("+") and len(text) > 1:
                name = re.match(r"[\w.-]+", text[1:])
                if name:
                    add(node, name.group(), TASK, False, "output", 1, 1 + name.end())
            elif "xcom_pull" in text:
                for match in _XCOM_TASK.finditer(text):
                    add(node, match.group("name"), TASK, False, "xcom_pull", match.start("name"), match.end("name"))


def cached_mentions(document, dag: Dag) -> list[Mention]:
    """A DAG's mentions, computed once per lint result (hover and navigation ask repeatedly)."""
    key = ("mentions", dag.name)
    found = document.derived.get(key)
    if found is None:
        found = document.derived[key] = dag_mentions(dag, document.result.source)
    return found


def mention_at(mentions: list[Mention], offset: int) -> Mention | None:
    for mention in mentions:
        if mention.start <= offset <= mention.end:
            return mention
    return None


def same_target(mentions: list[Mention], mention: Mention) -> list[Mention]:
    return [m for m in mentions if m.name == mention.name and m.target == mention.target]


def dag_at(workflow, offset: int) -> Dag | None:
    """The DAG whose configuration (or key) contains `offset`."""
    if workflow is None:
        return None
    for dag in workflow.dags:
        node: Node = dag.node
        if dag.key.start <= offset <= max(node.end, dag.key.end):
            return dag
    return None
