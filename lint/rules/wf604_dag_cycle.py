from __future__ import annotations

from ..diagnostics import Severity
from ..model.graph import Graph, cycle_path, strongly_connected_components
from . import Rule, register


@register
class DagCycle(Rule):
    """DAGs that start each other in a loop, through triggers and assets.

    ## What it does
    Builds the graph of DAGs of every file linted together: an edge from a DAG to the DAG its
    `TriggerDagRunOperator` triggers, and from a DAG whose task produces an asset to each DAG
    scheduled on that asset. Reports each loop once, as a full path from its first DAG in path
    order, with a related location at every edge.

    ## Why is this bad?
    Each run starts the next one around the loop for ever: runs pile up until someone pauses a
    DAG.

    ## Example
    ```yaml
    a:
      tasks: [{task_id: go, operator: ...TriggerDagRunOperator, trigger_dag_id: b}]
    b:
      tasks: [{task_id: go, operator: ...TriggerDagRunOperator, trigger_dag_id: a}]
    ```
    """

    code = "WF604"
    name = "dag-cycle"
    severity = Severity.WARNING

    def check_project(self, ctx, index):
        graph = Graph()
        node_of: dict[str, int] = {}
        for dag in index.dags:
            if dag.id not in node_of:
                node_of[dag.id] = graph.add_node(dag.id, dag)
        # The edge's "ref" holds (site, how) for the related locations.
        for dag in index.dags:
            for ref in dag.refs:
                if ref["kind"] == "trigger" and ref["dag"] in node_of:
                    graph.add_edge(node_of[dag.id], node_of[ref["dag"]], (ref["site"], f"`{dag.id}` triggers `{ref['dag']}`"), "trigger")
            for asset, site in dag.consumes:
                for producer, produced_at in index.producers.get(asset, ()):
                    graph.add_edge(node_of[producer.id], node_of[dag.id],
                                   (produced_at, f"`{producer.id}` updates `{asset}`, which schedules `{dag.id}`"), "asset")
        for node, edges in enumerate(graph.edges_out):
            for edge in edges:
                if edge.downstream == node:
                    site, how = edge.ref
                    ctx.report(site, f"DAG `{graph.labels[node]}` starts itself: {how}",
                               related=[ctx.related_at(site, how)])
        for component in strongly_connected_components(graph):
            start = min(component, key=lambda member: (graph.owners[member].site.path, graph.owners[member].site.start))
            path = cycle_path(graph, component, start)
            names = [graph.labels[start]] + [graph.labels[edge.downstream] for edge in path]
            first_site = path[0].ref[0]
            ctx.report(first_site, "DAGs start each other in a loop: " + " -> ".join(names),
                       related=[ctx.related_at(edge.ref[0], edge.ref[1]) for edge in path])
