from __future__ import annotations

from ..diagnostics import Severity
from ..model.graph import cycle_path, describe_cycle, graph_for, strongly_connected_components
from ..model.workflow import Task
from . import Rule, register


@register
class DependencyCycle(Rule):
    """Tasks that depend on each other in a circle.

    ## What it does
    Finds every dependency cycle of a DAG, once per group of tasks caught in it, and reports it
    as a full path starting at the first task defined in the file, with a related location at
    each `dependencies` entry (or `+task` reference) that forms it. Dependencies on task
    groups count: a group depends on what it lists and its tasks run inside it.

    ## Why is this bad?
    Airflow refuses the DAG with "Cycle detected in task dependencies!", naming no task.

    ## Example
    ```yaml
    tasks:
      - task_id: extract
        dependencies: [load]
      - task_id: transform
        dependencies: [extract]
      - task_id: load
        dependencies: [transform]   # extract -> transform -> load -> extract
    ```
    """

    code = "WF202"
    name = "dependency-cycle"
    severity = Severity.ERROR

    def check_dag(self, ctx, dag):
        graph = graph_for(ctx, dag)
        for component in strongly_connected_components(graph):
            # Start at the first task defined in the file (a group only if no task is caught).
            start = min(component, key=lambda node: (not _is_task(graph.owners[node]), _position(graph.owners[node]), node))
            path = cycle_path(graph, component, start)
            if not path:
                continue
            names = describe_cycle(graph, start, path)
            related = []
            for edge in path:
                if edge.ref is None:
                    continue
                upstream, downstream = graph.labels[edge.upstream], graph.labels[edge.downstream]
                how = "uses the output of" if edge.kind == "xcom" else "depends on"
                related.append(ctx.related_at(edge.ref.node, f"`{downstream}` {how} `{upstream}`"))
            closing = next((edge.ref for edge in reversed(path) if edge.ref is not None), None)
            target = closing.node if closing is not None else _name_node(graph.owners[start])
            ctx.report(target, f"dependency cycle: {' -> '.join(names)}", related=related)


def _is_task(owner) -> bool:
    return type(owner) is Task


def _name_node(owner):
    return getattr(owner, "id_node", None) or owner.name_node


def _position(owner) -> int:
    return _name_node(owner).start
