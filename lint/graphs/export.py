"""The graph document of a linted workflow file: what `wflint graph --format json` prints, what the
other formats draw and what the language server sends the editor's graph view.

The edges are those of `wflint.model.graph.build_graph`, the graph the dependency rules check
(group dependencies, `+task` output references, the `default:` / defaults.yml merge), read back
as task and group endpoints: an edge into a group's entry node is an edge to the group, one out of
its exit node an edge from the group; membership edges become each task's `group`.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from ..model.graph import build_graph, circularly_nested_groups
from ..model.workflow import Dag, Task, TaskGroup
from ..yaml.tree import Scalar

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..results import LintResult
    from ..yaml.source import SourceText

VERSION = 1
# Keys shown apart from the arguments (or not at all: they are the graph itself).
_STRUCTURE_KEYS = frozenset({"task_id", "operator", "decorator", "dependencies", "task_group_name", "trigger_rule"})
_MAX_VALUE_CHARS = 300
AIRFLOW_DEFAULT_TRIGGER_RULE = "all_success"


def graph_document(result: "LintResult", dag_id: str | None = None) -> dict:
    """The document for every DAG of the file (or only `dag_id`)."""
    workflow = result.workflow
    dags = []
    if workflow is not None and workflow.kind == "workflow":
        plus = workflow.document.plus_scalars
        for dag in workflow.dags:
            if dag_id is None or dag.name == dag_id:
                dags.append(_dag_document(dag, plus, workflow.path, workflow.source, result.diagnostics))
    return {"version": VERSION, "path": result.path, "dags": dags}


def _position(source: "SourceText", start: int, end: int) -> dict:
    line, column = source.line_col(start)
    end_line, end_column = source.line_col(end)
    return {"line": line, "column": column, "end_line": end_line, "end_column": end_column}


def _layer_of(member: Task | TaskGroup):
    layers = member.config.layers
    return layers[0][1] if layers else None


def _located(member: Task | TaskGroup, name_node: Scalar, document_path: str, fallback_source) -> dict:
    """`position` (the id), `extent` (the whole definition) and, for a member inherited from a
    defaults.yml, the `file` it is written in."""
    layer = _layer_of(member)
    source = layer.source if layer is not None else fallback_source
    node = member.node
    start, end = min(name_node.start, node.start), max(name_node.end, node.end)
    located = {"position": _position(source, name_node.start, name_node.end), "extent": _position(source, start, end)}
    if layer is not None and layer.path != document_path:
        located["file"] = layer.path
    return located


def _text(entry) -> str:
    value = entry.value
    if type(value) is Scalar:
        text = str(value.value)
    else:
        text = entry.layer.source.text[value.start : value.end]
    return text if len(text) <= _MAX_VALUE_CHARS else text[: _MAX_VALUE_CHARS - 1] + "…"


def _scalar_text(entry) -> str | None:
    return None if entry is None else _text(entry)


def _diagnostic(diagnostic: "Diagnostic") -> dict:
    return {
        "code": diagnostic.code, "name": diagnostic.name, "severity": diagnostic.severity.label,
        "message": diagnostic.message, "line": diagnostic.line, "column": diagnostic.column,
    }


class _Spans:
    """Which task or group (written in this file) a diagnostic's start falls in."""

    def __init__(self, members: list[tuple[int, int, dict]]):
        members.sort(key=lambda item: item[0])
        self.starts = [item[0] for item in members]
        self.members = members

    def find(self, offset: int) -> dict | None:
        index = bisect_right(self.starts, offset) - 1
        if index >= 0:
            start, end, target = self.members[index]
            if start <= offset < end:
                return target
        return None


def _schedule(dag: Dag) -> tuple[str | None, str | None]:
    entry = dag.config.get("schedule")
    if entry is None:
        return None, None
    text = _text(entry)
    description = None
    if type(entry.value) is Scalar and isinstance(entry.value.typed, str):
        from ..schedule.explain import explain_schedule

        description = explain_schedule(entry.value.value)
    return text, description


def _dag_document(dag: Dag, plus_scalars, path: str, source: "SourceText", diagnostics: list["Diagnostic"]) -> dict:
    graph = build_graph(dag, plus_scalars)
    schedule, schedule_description = _schedule(dag)
    default_args = dag.default_args
    default_trigger = _scalar_text(default_args.get("trigger_rule")) if default_args is not None else None

    circular = circularly_nested_groups(dag)
    groups: list[dict] = []
    group_docs: dict[str, dict] = {}
    spans: list[tuple[int, int, dict]] = []
    for group in dag.groups:
        if not group.name or dag.groups_by_name.get(group.name) is not group:
            continue
        parent = group.parent.name if group.parent is not None else None
        if parent not in dag.groups_by_name or group.name in circular or parent == group.name:
            parent = None
        doc = {"id": group.name, "parent": parent}
        tooltip = group.config.get("tooltip")
        if tooltip is not None:
            doc["tooltip"] = _text(tooltip)
        doc.update(_located(group, group.name_node, path, source))
        doc["diagnostics"] = []
        groups.append(doc)
        group_docs[group.name] = doc
        if not group.inherited:
            spans.append((min(group.name_node.start, group.node.start), max(group.node.end, group.name_node.end), doc))

    nodes: list[dict] = []
    for task in dag.tasks:
        if not task.id or dag.tasks_by_id.get(task.id) is not task:
            continue
        config = task.config
        trigger = config.get("trigger_rule")
        doc = {
            "id": task.id,
            "group": task.group.name if task.group is not None and task.group.name in group_docs else None,
            "operator": _scalar_text(task.operator),
            "decorator": _scalar_text(task.decorator),
            "trigger_rule": _text(trigger) if trigger is not None else default_trigger or AIRFLOW_DEFAULT_TRIGGER_RULE,
            "arguments": {name: _text(entry) for name, entry in config.entries.items() if name not in _STRUCTURE_KEYS},
        }
        doc.update(_located(task, task.id_node, path, source))
        doc["diagnostics"] = []
        nodes.append(doc)
        if not task.inherited:
            spans.append((min(task.id_node.start, task.node.start), max(task.node.end, task.id_node.end), doc))

    edges: list[dict] = []
    for upstream_edges in graph.edges_out:
        for edge in upstream_edges:
            if edge.kind == "member":
                continue
            source_kind, source_id = _endpoint(graph, edge.upstream)
            target_kind, target_id = _endpoint(graph, edge.downstream)
            doc = {"source": source_id, "source_kind": source_kind, "target": target_id, "target_kind": target_kind,
                   "kind": edge.kind}
            if edge.ref is not None:
                doc["position"] = _position(source, edge.ref.start, edge.ref.end)
            edges.append(doc)

    dag_doc = {
        "id": dag.name,
        "position": _position(source, dag.key.start, dag.key.end),
        "extent": _position(source, dag.key.start, max(dag.key.end, dag.node.end)),
        "schedule": schedule,
        "schedule_description": schedule_description,
        "nodes": nodes,
        "groups": groups,
        "edges": edges,
        "diagnostics": [],
    }
    finder = _Spans(spans)
    dag_start, dag_end = dag.key.start, max(dag.key.end, dag.node.end)
    for diagnostic in diagnostics:
        target = finder.find(diagnostic.start)
        if target is not None:
            target["diagnostics"].append(_diagnostic(diagnostic))
        elif dag_start <= diagnostic.start < dag_end:
            dag_doc["diagnostics"].append(_diagnostic(diagnostic))
    return dag_doc


def _endpoint(graph, node: int) -> tuple[str, str]:
    owner = graph.owners[node]
    return ("task" if type(owner) is Task else "group"), graph.labels[node]
