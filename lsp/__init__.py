"""wflint's language server (pygls 2): diagnostics, completion, hover, navigation, symbols,
code actions and inlay hints for DAG Factory workflow YAML.

Layout: `server` wires LSP methods to thin handlers; `workspace` keeps per-document state
computed on change (text, lint result, last model that parsed); each feature lives in its own
module and reads that state; `convert` holds every offset <-> LSP position conversion.
"""
