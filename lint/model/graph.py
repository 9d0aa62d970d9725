"""The dependency graph of a DAG, and its cycles.

Nodes are tasks and task groups. A group is two nodes, its entry and its exit: `X` upstream of
a group feeds the group's entry, a group upstream of `Y` feeds `Y` from its exit, and every
member sits between its group's entry and exit. That reproduces what Airflow does with
`group >> task` (every leaf of the group upstream of the task), so cycles that pass through
groups are found. XCom references (`+task` values) are edges too: the referenced task must run
first.

Everything here is iterative and linear in the size of the graph (Tarjan's algorithm), so a
10,000-task chain does not touch the recursion limit.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import deque
from dataclasses import dataclass, field

from .workflow import Dag, Ref, Task, TaskGroup
from ..yaml.tree import Mapping, Scalar

XCOM_REFERENCE = re.compile(r"^\+(?P<task>[A-Za-z0-9_][\w.-]*)(?P<key>\[\s*(['\"])[^'\"]*\3\s*\])?$")


@dataclass(slots=True, eq=False)
class Edge:
    """upstream -> downstream, with the reference that created it (None for group membership)."""

    upstream: int
    downstream: int
    ref: Ref | None
    kind: str  # "dependency", "xcom", "member"


@dataclass(slots=True, eq=False)
class Graph:
    labels: list[str] = field(default_factory=list)  # node index -> task id or group name
    owners: list[Task | TaskGroup] = field(default_factory=list)
    edges_out: list[list[Edge]] = field(default_factory=list)
    task_node: dict[int, int] = field(default_factory=dict)  # id(task) -> node
    group_entry: dict[str, int] = field(default_factory=dict)
    group_exit: dict[str, int] = field(default_factory=dict)

    def add_node(self, label: str, owner) -> int:
        self.labels.append(label)
        self.owners.append(owner)
        self.edges_out.append([])
        return len(self.labels) - 1

    def add_edge(self, upstream: int, downstream: int, ref: Ref | None, kind: str) -> None:
        self.edges_out[upstream].append(Edge(upstream, downstream, ref, kind))


def plus_references(task: Task, candidates: list[Scalar]) -> list[tuple[Ref, bool]]:
    """`+task` / `+task['key']` values in the task's own configuration, each with whether DAG
    Factory resolves it to that task's output. `candidates` are the document's scalars that start
    with "+" (collected while parsing), so tasks without any cost nothing."""
    refs: list[tuple[Ref, bool]] = []
    node = task.node
    if not candidates or node.end <= node.start:
        return refs
    low = bisect_left(candidates, node.start, key=_start)
    for scalar in candidates[low:]:
        if scalar.start >= node.end:
            break
        if type(scalar.typed) is not str:
            continue  # `+1` is a number
        match = XCOM_REFERENCE.match(scalar.value)
        if match is None or _is_own_key(node, scalar):
            continue
        name = match.group("task")
        # The span of the name only: after the opening quote, if any, and the `+`.
        offset = scalar.start + (1 if scalar.style in ("'", '"') else 0) + 1
        refs.append((Ref(name, scalar, offset, offset + len(name)), _resolved_by_dag_factory(task, scalar)))
    return refs


def xcom_references(task: Task, candidates: list[Scalar]) -> list[Ref]:
    """The `+task` values DAG Factory turns into the task's output (and so an upstream edge)."""
    return [ref for ref, resolved in plus_references(task, candidates) if resolved]


def argument_site(task: Task, scalar: Scalar) -> str | None:
    """Where the scalar stands in the task: "argument" (the whole value of one of its keys),
    "expand" / "partial" (the whole value of a key of those), or None (nested deeper)."""
    for key, value in task.node.pairs:
        if value is scalar:
            return "argument"
        if type(key) is Scalar and key.value in ("expand", "partial") and type(value) is Mapping:
            if any(item is scalar for _, item in value.pairs):
                return key.value
    return None


def _resolved_by_dag_factory(task: Task, scalar: Scalar) -> bool:
    """DAG Factory (1.0.1 and 1.1.0, dagbuilder.make_decorator / replace_kwargs_values_as_tasks)
    replaces a `+name` string only in a `decorator:` task, only as the whole value of one of its
    own keys (the function's arguments) or of a key of its `expand:` / `partial:`. Anywhere else,
    and in every operator task, the text is passed on as written."""
    return task.decorator is not None and argument_site(task, scalar) is not None


def literal_references_of(ctx, task: Task) -> list[Ref]:
    """The `+task` values DAG Factory passes on as text (see `_resolved_by_dag_factory`)."""
    refs = task.memo.get("xcom-literal")
    if refs is None:
        refs = task.memo["xcom-literal"] = [
            ref for ref, resolved in plus_references(task, ctx.workflow.document.plus_scalars) if not resolved]
    return refs


def _start(node) -> int:
    return node.start


def _is_own_key(task_node: Mapping, scalar: Scalar) -> bool:
    """Whether the scalar is a key, or the `task_id` / `dependencies` of the task itself."""
    for key, value in task_node.pairs:
        if key is scalar:
            return True
        if type(key) is Scalar and key.value in ("task_id", "dependencies") and value.start <= scalar.start < value.end:
            return True
    return False


def xcom_references_of(ctx, task: Task) -> list[Ref]:
    refs = task.memo.get("xcom")
    if refs is None:
        refs = task.memo["xcom"] = xcom_references(task, ctx.workflow.document.plus_scalars)
    return refs


def build_graph(dag: Dag, plus_scalars: list[Scalar]) -> Graph:
    graph = Graph()
    for group in dag.groups:
        if group.name and group.name not in graph.group_entry:
            graph.group_entry[group.name] = graph.add_node(group.name, group)
            graph.group_exit[group.name] = graph.add_node(group.name, group)
    for task in dag.tasks:
        if task.id:
            graph.task_node[id(task)] = graph.add_node(task.id, task)

    def node_of(name: str, as_upstream: bool) -> int | None:
        task = dag.tasks_by_id.get(name)
        if task is not None:
            return graph.task_node[id(task)]
        if name in graph.group_entry:
            return graph.group_exit[name] if as_upstream else graph.group_entry[name]
        return None

    circular = circularly_nested_groups(dag)
    for group in dag.groups:
        if not group.name or dag.groups_by_name.get(group.name) is not group:
            continue
        entry, exit_ = graph.group_entry[group.name], graph.group_exit[group.name]
        # Circular nesting is its own problem (WF205); as edges it would show up twice.
        if group.parent is not None and group.parent.name in graph.group_entry and group.name not in circular:
            graph.add_edge(graph.group_entry[group.parent.name], entry, None, "member")
            graph.add_edge(exit_, graph.group_exit[group.parent.name], None, "member")
        for ref in group.dependencies:
            upstream = node_of(ref.name, as_upstream=True)
            if upstream is not None:
                graph.add_edge(upstream, entry, ref, "dependency")
    for task in dag.tasks:
        if not task.id:
            continue
        node = graph.task_node[id(task)]
        if task.group is not None and task.group.name in graph.group_entry:
            graph.add_edge(graph.group_entry[task.group.name], node, None, "member")
            graph.add_edge(node, graph.group_exit[task.group.name], None, "member")
        for ref in task.dependencies:
            upstream = node_of(ref.name, as_upstream=True)
            if upstream is not None and upstream != node:
                graph.add_edge(upstream, node, ref, "dependency")
        for ref in xcom_references(task, plus_scalars):
            upstream = node_of(ref.name, as_upstream=True)
            if upstream is not None and upstream != node and ref.name in dag.tasks_by_id:
                graph.add_edge(upstream, node, ref, "xcom")
    return graph


def circularly_nested_groups(dag: Dag) -> set[str]:
    """Names of groups whose `parent_group_name` chain comes back to them."""
    circular: set[str] = set()
    for group in dag.groups:
        seen = {group.name}
        current = group
        while current.parent is not None:
            parent = dag.groups_by_name.get(current.parent.name)
            if parent is None:
                break
            if parent.name == group.name:
                circular.add(group.name)
                break
            if parent.name in seen:
                break
            seen.add(parent.name)
            current = parent
    return circular


def describe_cycle(graph: Graph, start: int, path: list[Edge]) -> list[str]:
    """Names along a cycle, a group shown once: entering a group and leaving it again through
    its members reads as passing through the group."""
    nodes = [start] + [edge.downstream for edge in path]
    names: list[str] = []
    index = 0
    while index < len(nodes):
        node = nodes[index]
        label = graph.labels[node]
        if graph.group_entry.get(label) == node:
            exit_node = graph.group_exit[label]
            if exit_node in nodes[index + 1 :]:
                index = nodes.index(exit_node, index + 1)
        if not names or names[-1] != label:
            names.append(label)
        index += 1
    return names


def strongly_connected_components(graph: Graph) -> list[list[int]]:
    """Tarjan's algorithm without recursion. Components of one node without a self-loop are
    left out: they are not cycles."""
    count = len(graph.labels)
    index = [-1] * count
    low = [0] * count
    on_stack = [False] * count
    stack: list[int] = []
    components: list[list[int]] = []
    counter = 0
    for root in range(count):
        if index[root] != -1:
            continue
        work = [(root, 0)]
        while work:
            node, edge_index = work[-1]
            if edge_index == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack[node] = True
            edges = graph.edges_out[node]
            if edge_index < len(edges):
                work[-1] = (node, edge_index + 1)
                target = edges[edge_index].downstream
                if index[target] == -1:
                    work.append((target, 0))
                elif on_stack[target]:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(component)
    return components


def cycle_path(graph: Graph, component: list[int], start: int) -> list[Edge]:
    """The shortest cycle through `start` inside the component, as its edges in order."""
    members = set(component)
    previous: dict[int, Edge] = {}
    queue = deque([start])
    found: Edge | None = None
    while queue and found is None:
        node = queue.popleft()
        for edge in graph.edges_out[node]:
            target = edge.downstream
            if target not in members:
                continue
            if target == start:
                found = edge
                break
            if target not in previous:
                previous[target] = edge
                queue.append(target)
    if found is None:
        return []
    path = [found]
    node = found.upstream
    while node != start:
        edge = previous[node]
        path.append(edge)
        node = edge.upstream
    path.reverse()
    return path


def graph_for(ctx, dag: Dag) -> Graph:
    """The DAG's graph, built once per document and shared by the rules."""
    key = ("graph", id(dag))
    graph = ctx.cache.get(key)
    if graph is None:
        graph = ctx.cache[key] = build_graph(dag, ctx.workflow.document.plus_scalars)
    return graph
