from __future__ import annotations

from ..diagnostics import Fix, Severity
from ..yaml.scalars import replace_scalar
from ..yaml.tree import Scalar
from . import Rule, register


@register
class DuplicateTaskId(Rule):
    """Two tasks with the same id in one DAG.

    ## What it does
    Reports a task whose id is already used in the DAG: twice in the list form of `tasks`, or
    two tasks that end up with the same full id once task-group prefixes are applied.

    ## Why is this bad?
    DAG Factory rejects duplicate ids in the list form; Airflow rejects two tasks with the same
    full id ("DuplicateTaskIdFound").

    ## Example
    ```yaml
    tasks:
      - task_id: load
        operator: airflow.providers.standard.operators.empty.EmptyOperator
      - task_id: load
        operator: airflow.providers.standard.operators.empty.EmptyOperator
    ```
    """

    code = "WF023"
    name = "duplicate-task-id"
    severity = Severity.ERROR

    def check_dag(self, ctx, dag):
        seen = {}
        for task in dag.tasks:
            if not task.id:
                continue
            full_id = _full_id(task)
            first = seen.get(full_id)
            if first is None:
                seen[full_id] = task
                continue
            if task.form == "dict" and first.form == "dict" and task.id == first.id:
                continue  # a repeated mapping key: WF002 reports it
            line, _ = ctx.source.line_col(first.id_node.start)
            shown = f"`{task.id}`" if full_id == task.id else f"`{task.id}` (full id `{full_id}`)"
            ctx.report(
                task.id_node,
                f"task id {shown} is already used on line {line}",
                related=[ctx.related_at(first.id_node, "first definition")],
                fix=_renamed(ctx, dag, task),
            )


def _full_id(task) -> str:
    """The task id Airflow sees: prefixed by its group path unless a group disables it."""
    dag = task.dag
    parts = [task.id]
    group_ref = task.group
    visited = set()
    while group_ref is not None and group_ref.name not in visited:
        visited.add(group_ref.name)
        group = dag.groups_by_name.get(group_ref.name)
        if group is None:
            break
        prefix = group.config.scalar("prefix_group_id")
        if not (type(prefix) is Scalar and prefix.typed is False):
            parts.append(group.name)
        group_ref = group.parent
    return ".".join(reversed(parts))


def _renamed(ctx, dag, task) -> Fix | None:
    """An editor fix: give the second task a free id (`load_2`). Not applied by `--fix`: which
    of the two tasks the dependencies meant is the user's call."""
    node = task.id_node
    if type(node) is not Scalar or task.form != "list":
        return None
    taken = {other.id for other in dag.tasks} | set(dag.groups_by_name)
    number = 2
    while f"{task.id}_{number}" in taken:
        number += 1
    name = f"{task.id}_{number}"
    return Fix(f"Rename to `{name}`", (replace_scalar(ctx.source.text, node, name),), safe=False)
