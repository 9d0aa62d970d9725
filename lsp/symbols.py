"""Document symbols: DAG -> task groups (nested by parent_group_name) -> tasks, for the outline
and breadcrumbs. Tasks and groups inherited from a defaults.yml are not in this file: skipped."""

from __future__ import annotations

from lsprotocol import types

from wflint.yaml.source import SourceText

from .convert import to_range
from .workspace import Document


def document_symbols(document: Document) -> list[types.DocumentSymbol]:
    workflow = document.model
    if workflow is None or document.result is None:
        return []
    source = document.result.source
    return [_dag_symbol(dag, source) for dag in workflow.dags]


def _span(source: SourceText, start: int, end: int) -> tuple[int, int]:
    """A node's span as whole lines: up to the end of its last line's text (a trailing comment
    included), without the blank lines a block node's end mark may count."""
    text = source.text
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    last_line = source.line_of(max(end - 1, start))
    line_end = source.line_start(last_line) + len(source.line_text(last_line).rstrip())
    return start, max(end, line_end)


def _symbol(source, name, detail, kind, selection_node, start, end, children=None) -> types.DocumentSymbol:
    start, end = _span(source, min(start, selection_node.start), max(end, selection_node.end))
    return types.DocumentSymbol(
        name=name or "(unnamed)",
        detail=detail,
        kind=kind,
        range=to_range(source, start, end),
        selection_range=to_range(source, selection_node.start, selection_node.end),
        children=children or [],
    )


def _dag_symbol(dag, source: SourceText) -> types.DocumentSymbol:
    group_children: dict[str, list[types.DocumentSymbol]] = {group.name: [] for group in dag.groups if not group.inherited}
    top: list[types.DocumentSymbol] = []
    for task in dag.tasks:
        if task.inherited:
            continue
        operator = task.config.get("operator") or task.config.get("decorator")
        detail = str(getattr(operator.value, "value", "")).rpartition(".")[2] if operator else None
        symbol = _symbol(source, task.id, detail, types.SymbolKind.Function, task.id_node, task.node.start, task.node.end)
        group = task.group.name if task.group is not None else None
        (group_children[group] if group in group_children else top).append(symbol)
    groups = {}
    for group in dag.groups:
        if group.inherited:
            continue
        groups[group.name] = _symbol(source, group.name, "task group", types.SymbolKind.Namespace, group.name_node,
                                     group.node.start, group.node.end, group_children.get(group.name))
    nested_top: list[types.DocumentSymbol] = []
    for group in dag.groups:
        if group.inherited or group.name not in groups:
            continue
        parent = group.parent.name if group.parent is not None else None
        if parent in groups and parent != group.name and not _cycles(dag, group):
            groups[parent].children.append(groups[group.name])
        else:
            nested_top.append(groups[group.name])
    for symbol in groups.values():
        symbol.children.sort(key=lambda child: (child.range.start.line, child.range.start.character))
    children = sorted(nested_top + top, key=lambda child: (child.range.start.line, child.range.start.character))
    schedule = dag.config.scalar("schedule")
    detail = f"schedule {schedule.value}" if schedule is not None and schedule.value else "DAG"
    return _symbol(source, dag.name, detail, types.SymbolKind.Module, dag.key, dag.key.start, dag.node.end, children)


def _cycles(dag, group) -> bool:
    """Whether following parent_group_name from `group` loops (then keep it at the top level)."""
    seen = {group.name}
    current = group
    while current is not None and current.parent is not None:
        name = current.parent.name
        if name in seen:
            return True
        seen.add(name)
        current = dag.groups_by_name.get(name)
    return False
