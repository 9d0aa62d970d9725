"""The workflow model: DAGs, tasks and task groups with their effective values after DAG
Factory's `default:` / defaults.yml merging (`workflow`), value shapes (`values`) and the
dependency graph the graph rules and the editor share (`graph`).

Imports only `wflint.yaml`, `wflint.diagnostics` and `wflint.suggest`.
"""
