"""The graph document rendered as JSON, Mermaid, Graphviz DOT or a self-contained HTML page.

Mermaid and DOT name nodes by generated identifiers (`t0`, `g0`) and carry the task ids as
escaped labels, so any id (quotes, `#`, `end`, non-ASCII) is drawn as written. An edge that the
model holds twice (a dependency and a `+task` reference between the same tasks) is drawn once,
solid; one that only a `+task` reference makes is dashed. A task with diagnostics is outlined red
(an error) or amber (warnings only).
"""

from __future__ import annotations

import json
from importlib import resources

FORMATS = ("mermaid", "dot", "html", "json")
RENDERER = "renderer.min.js"
ERROR_COLOUR = "#d1242f"
WARNING_COLOUR = "#bf8700"


def render(document: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if fmt == "mermaid":
        return mermaid(document)
    if fmt == "dot":
        return dot(document)
    if fmt == "html":
        return html(document)
    raise ValueError(f"unknown graph format {fmt!r} (expected one of {', '.join(FORMATS)})")


def status(diagnostics: list[dict]) -> str | None:
    """'error', 'warning' or None: what a node's outline shows."""
    severities = {d["severity"] for d in diagnostics}
    return "error" if "error" in severities else "warning" if "warning" in severities else None


def drawn_edges(dag: dict) -> list[tuple[tuple[str, str], tuple[str, str], str]]:
    """((kind, id) source, (kind, id) target, edge kind), one per pair, dependencies first."""
    seen: dict[tuple, int] = {}
    drawn: list = []
    for edge in dag["edges"]:
        pair = ((edge["source_kind"], edge["source"]), (edge["target_kind"], edge["target"]))
        if pair in seen:
            if edge["kind"] == "dependency":
                index = seen[pair]
                drawn[index] = (*pair, "dependency")
            continue
        seen[pair] = len(drawn)
        drawn.append((*pair, edge["kind"]))
    return drawn


class _Ids:
    """Generated identifiers for tasks and groups, unique across every DAG of the document."""

    def __init__(self) -> None:
        self.ids: dict[tuple[int, str, str], str] = {}

    def of(self, dag_index: int, kind: str, name: str) -> str:
        key = (dag_index, kind, name)
        if key not in self.ids:
            self.ids[key] = f"{kind[0]}{len(self.ids)}"
        return self.ids[key]


def _children(dag: dict) -> tuple[dict[str | None, list[dict]], dict[str | None, list[dict]]]:
    groups_in: dict[str | None, list[dict]] = {}
    tasks_in: dict[str | None, list[dict]] = {}
    for group in dag["groups"]:
        groups_in.setdefault(group["parent"], []).append(group)
    for node in dag["nodes"]:
        tasks_in.setdefault(node["group"], []).append(node)
    return groups_in, tasks_in


# -- Mermaid ------------------------------------------------------------------------------------

_MERMAID_ENTITIES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;",
                     "[": "#91;", "]": "#93;", "{": "#123;", "}": "#125;", "|": "#124;", "\\": "#92;"}


def mermaid_label(text: str) -> str:
    """A label for `id["..."]`: Mermaid entity codes for what its parser or Markdown would read."""
    text = " ".join(str(text).split())  # no line breaks inside a label
    return "".join(_MERMAID_ENTITIES.get(char, char) for char in text)


def mermaid(document: dict) -> str:
    ids = _Ids()
    lines = ["flowchart LR"]
    several = len(document["dags"]) > 1
    styled: dict[str, list[str]] = {"error": [], "warning": []}
    edge_lines: list[str] = []
    for index, dag in enumerate(document["dags"]):
        indent = "    "
        if several:
            lines.append(f'    subgraph d{index}["{mermaid_label(dag["id"])}"]')
            indent = "        "
        groups_in, tasks_in = _children(dag)

        def emit(parent: str | None, depth: str) -> None:
            for node in tasks_in.get(parent, []):
                node_id = ids.of(index, "task", node["id"])
                lines.append(f'{depth}{node_id}["{mermaid_label(node["id"])}"]')
                mark = status(node["diagnostics"])
                if mark:
                    styled[mark].append(node_id)
            for group in groups_in.get(parent, []):
                group_id = ids.of(index, "group", group["id"])
                lines.append(f'{depth}subgraph {group_id}["{mermaid_label(group["id"])}"]')
                emit(group["id"], depth + "    ")
                lines.append(f"{depth}end")

        emit(None, indent)
        if several:
            lines.append("    end")
        for source, target, kind in drawn_edges(dag):
            arrow = "-.->" if kind == "xcom" else "-->"
            edge_lines.append(f"    {ids.of(index, *source)} {arrow} {ids.of(index, *target)}")
    lines.extend(edge_lines)
    lines.append(f"    classDef error stroke:{ERROR_COLOUR},stroke-width:3px")
    lines.append(f"    classDef warning stroke:{WARNING_COLOUR},stroke-width:3px")
    for mark, node_ids in styled.items():
        if node_ids:
            lines.append(f"    class {','.join(node_ids)} {mark}")
    return "\n".join(lines) + "\n"


# -- Graphviz DOT -------------------------------------------------------------------------------


def dot_string(text: str) -> str:
    """A DOT double-quoted string (backslashes and quotes escaped, line breaks as spaces)."""
    text = " ".join(str(text).split()) if ("\n" in str(text) or "\r" in str(text)) else str(text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot(document: dict) -> str:
    """Clusters for groups; an edge to or from a group ends at the cluster's border (`lhead` /
    `ltail` on the cluster's anchor point), as Airflow draws `task >> group`."""
    ids = _Ids()
    lines = ["digraph wflint {", "    rankdir=LR;", "    compound=true;",
             '    node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica"];',
             '    edge [color="#57606a"];']
    several = len(document["dags"]) > 1
    edge_lines: list[str] = []
    for index, dag in enumerate(document["dags"]):
        indent = "    "
        if several:
            lines.append(f"    subgraph cluster_d{index} {{")
            lines.append(f"        label={dot_string(dag['id'])};")
            indent = "        "
        groups_in, tasks_in = _children(dag)

        def emit(parent: str | None, depth: str) -> None:
            for node in tasks_in.get(parent, []):
                node_id = ids.of(index, "task", node["id"])
                attributes = [f"label={dot_string(node['id'])}"]
                mark = status(node["diagnostics"])
                if mark:
                    colour = ERROR_COLOUR if mark == "error" else WARNING_COLOUR
                    attributes.append(f'color="{colour}", penwidth=3')
                    attributes.append("tooltip=" + dot_string("; ".join(d["message"] for d in node["diagnostics"])))
                lines.append(f"{depth}{node_id} [{', '.join(attributes)}];")
            for group in groups_in.get(parent, []):
                group_id = ids.of(index, "group", group["id"])
                lines.append(f"{depth}subgraph cluster_{group_id} {{")
                lines.append(f'{depth}    label={dot_string(group["id"])}; style="rounded,dashed";')
                lines.append(f'{depth}    {group_id} [shape=point, style=invis, width=0.01, label=""];')
                emit(group["id"], depth + "    ")
                lines.append(f"{depth}}}")

        emit(None, indent)
        if several:
            lines.append("    }")
        for source, target, kind in drawn_edges(dag):
            attributes = []
            if source[0] == "group":
                attributes.append(f"ltail=cluster_{ids.of(index, *source)}")
            if target[0] == "group":
                attributes.append(f"lhead=cluster_{ids.of(index, *target)}")
            if kind == "xcom":
                attributes.append("style=dashed")
            suffix = f" [{', '.join(attributes)}]" if attributes else ""
            edge_lines.append(f"    {ids.of(index, *source)} -> {ids.of(index, *target)}{suffix};")
    lines.extend(edge_lines)
    lines.append("}")
    return "\n".join(lines) + "\n"


# -- HTML ---------------------------------------------------------------------------------------


def renderer_source() -> str:
    """The bundled renderer (built from vscode-extension/webview/ by `npm run build:renderer`)."""
    return resources.files(__package__).joinpath(RENDERER).read_text(encoding="utf-8")


def _script_safe(text: str) -> str:
    """Text that cannot end the <script> element it sits in."""
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def html(document: dict) -> str:
    title = "wflint graph: " + ", ".join(dag["id"] for dag in document["dags"]) if document["dags"] else "wflint graph"
    data = json.dumps(document, ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{_escape_html(title)}</title>\n</head>\n<body>\n"
        "<div id=\"wflint-graph\"></div>\n"
        f"<script type=\"application/json\" id=\"wflint-graph-data\">{data}</script>\n"
        f"<script>{_script_safe(renderer_source())}</script>\n"
        "</body>\n</html>\n"
    )


def _escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
