"""The needs of a linted workflow file (a LintResult), operator paths resolved by the catalog."""

from __future__ import annotations

from ..yaml.tree import Scalar
from .policy import dag_needs


def resolver(catalog):
    """task -> canonical operator path (the catalog's spelling of an alias), or the path as written."""
    def resolve(task):
        entry = task.operator
        if entry is None or type(entry.value) is not Scalar or type(entry.value.typed) is not str:
            return None
        path = entry.value.value.strip()
        try:
            info = catalog.lookup(path)
        except Exception:  # a broken catalog must not stop the policy: the path as written
            info = None
        return info.canonical_path if info is not None else path
    return resolve


def file_needs(result, project, dag_name: str | None = None):
    """[(dag, [TaskNeeds])] for the DAGs of a linted file (one DAG when `dag_name` is given)."""
    config = project.config_for(result.path)
    resolve = resolver(project.catalog_at(config))
    target = project.target_for(config)
    return [(dag, dag_needs(dag, resolve, target)) for dag in result.workflow.dags
            if dag_name is None or dag.name == dag_name]
