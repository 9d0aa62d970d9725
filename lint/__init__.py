"""wflint: a linter and language server for DAG Factory workflow YAML."""

__version__ = "0.1.0"
