from __future__ import annotations

from ..diagnostics import Severity
from . import Rule, register


@register
class GroupTaskNameClash(Rule):
    """A task group named like a task of the same DAG.

    ## What it does
    Reports a task group whose name is also a task id in the DAG.

    ## Why is this bad?
    Task ids and group ids share one namespace in Airflow, which rejects the second one
    ("DuplicateTaskIdFound"); `dependencies` naming it are ambiguous as well.

    ## Example
    ```yaml
    tasks:
      - task_id: staging
    task_groups:
      - group_name: staging
    ```
    """

    code = "WF206"
    name = "group-task-name-clash"
    severity = Severity.ERROR

    def check_group(self, ctx, group):
        task = group.dag.tasks_by_id.get(group.name)
        if task is not None and group.name:
            ctx.report(
                group.name_node,
                f"task group `{group.name}` has the same name as a task of DAG `{group.dag.name}`",
                related=[ctx.related_at(task.id_node, "the task")],
            )
