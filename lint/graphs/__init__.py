"""Pictures of a workflow's DAGs: the graph document (`export`: nodes, task groups and the edges of
`wflint.model.graph`, the graph the WF2xx rules check, with source positions and diagnostics) and
its renderings (`formats`: JSON, Mermaid, Graphviz DOT and a self-contained HTML page drawn by the
bundled renderer `renderer.min.js`, built from `vscode-extension/webview/`).

Imports the core below it (`wflint.model`, `wflint.yaml`, `wflint.schedule`, `wflint.results`);
the `graph` command and the language server's `wflint/graph` request use it.
"""
