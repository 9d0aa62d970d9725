"""`wflint graph FILE`: draw a workflow file's DAGs (Mermaid, Graphviz DOT, HTML or JSON) from the
model and the dependency graph the WF2xx rules check. See docs/output.md ("graph")."""

from __future__ import annotations

import sys

from .workflow_file import UsageError, lint_workflow_file, usage_error

FORMATS = ("mermaid", "dot", "html", "json")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "graph",
        help="draw a workflow file's DAG as Mermaid, Graphviz DOT, a self-contained HTML page or JSON",
        description="Draw the DAGs of a DAG Factory workflow file: one node per task, task groups as "
                    "subgraphs, one edge per effective dependency (after default/defaults.yml merging, "
                    "group dependencies and +task output references). Tasks with problems are marked.",
    )
    parser.add_argument("file", help="a workflow YAML file")
    parser.add_argument("--dag", metavar="ID", help="draw only this DAG (default: every DAG in the file)")
    parser.add_argument("--format", "-f", choices=FORMATS, default="mermaid",
                        help="mermaid (default; renders in GitHub/GitLab Markdown), dot (Graphviz), "
                             "html (one self-contained page), json (docs/output.md)")
    parser.add_argument("--output", "-o", metavar="OUT", help="write to OUT instead of standard output")
    parser.add_argument("--config", metavar="PATH", help="use this configuration file instead of discovering one")
    parser.set_defaults(func=run)


def run(args) -> int:
    from ..graphs.export import graph_document
    from ..graphs.formats import render

    try:
        _, result = lint_workflow_file(args)
    except UsageError as error:
        return usage_error("graph", error)
    document = graph_document(result, args.dag)
    if not document["dags"]:
        names = ", ".join(dag.name for dag in result.workflow.dags) or "none"
        what = f"no DAG `{args.dag}`" if args.dag else "no DAG"
        print(f"wflint graph: error: {args.file} has {what} (DAGs: {names})", file=sys.stderr)
        return 2
    text = render(document, args.format)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    return 0
