"""The `wflint/graph` request: the graph document of an open workflow file (the JSON of
`wflint graph --format json`, docs/output.md) for the editor's graph view.

Params: `{"textDocument": {"uri": ...}}`. The answer is the graph document of the document's
current text, with the LSP range of each DAG, task and group id added (`range`; `uri` for one
inherited from a defaults.yml), and `stale: true` when the current text does not parse: then it
is the graph of the last text that did, which the view shows marked as stale while the YAML is
half typed.
"""

from __future__ import annotations

from wflint.graphs.export import graph_document
from wflint.yaml.source import SourceText

from .convert import path_to_uri

METHOD = "wflint/graph"


def register(server) -> None:
    """Adds the request to the server (called once from server.py)."""

    @server.feature(METHOD)
    async def wflint_graph(ls, params):
        try:
            uri = _uri(params)
            document = ls.state.get(uri)
            if document is not None:
                await ls.state.settle(document)  # the lint of the current text, within the budget
            return graph_response(ls.state, uri)
        except Exception as error:  # never take the server down; the view shows the message
            ls.report_failure("wflint/graph", error)
            return {"version": 1, "dags": [], "stale": False, "error": f"{type(error).__name__}: {error}"}


def _uri(params) -> str:
    text_document = params.get("textDocument") if isinstance(params, dict) else getattr(params, "textDocument", None)
    if text_document is None:
        text_document = getattr(params, "text_document", None)
    uri = text_document.get("uri") if isinstance(text_document, dict) else getattr(text_document, "uri", None)
    if not isinstance(uri, str):
        raise ValueError("wflint/graph needs params {textDocument: {uri}}")
    return uri


def graph_response(state, uri: str) -> dict:
    document = state.get(uri)
    if document is None or document.result is None:
        return {"version": 1, "uri": uri, "dags": [], "stale": False, "known": False}
    result, stale = document.result, False
    workflow = result.workflow
    if (workflow is None or not workflow.document.syntax_ok) and document.last_good is not None:
        result, stale = document.last_good, True
    graph = graph_document(result) if result.workflow is not None else {"version": 1, "path": document.path, "dags": []}
    source = result.source
    sources: dict[str, SourceText | None] = {}
    for dag in graph["dags"]:
        _add_range(dag, source, sources)
        for item in (*dag["nodes"], *dag["groups"]):
            _add_range(item, source, sources)
    graph.update(uri=uri, stale=stale, known=True, documentVersion=document.version)
    return graph


def _add_range(item: dict, source: SourceText | None, sources: dict) -> None:
    """`range` (LSP, UTF-16) of the item's id, and `uri` when it is written in another file."""
    if "file" in item:
        item["uri"] = path_to_uri(item["file"])
        if item["file"] not in sources:
            try:
                with open(item["file"], encoding="utf-8") as handle:
                    sources[item["file"]] = SourceText(handle.read())
            except OSError:
                sources[item["file"]] = None
        source = sources[item["file"]]
    position = item["position"]
    item["range"] = {"start": _lsp(source, position["line"], position["column"]),
                     "end": _lsp(source, position["end_line"], position["end_column"])}


def _lsp(source: SourceText | None, line: int, column: int) -> dict:
    if source is None or line - 1 >= source.line_count:
        return {"line": line - 1, "character": column - 1}
    offset = source.line_start(line - 1) + column - 1
    lsp_line, character = source.lsp_position(offset)
    return {"line": lsp_line, "character": character}
