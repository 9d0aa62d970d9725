from __future__ import annotations

from ..diagnostics import Severity
from . import Rule, register


@register
class MissingId(Rule):
    """A task or task group in list form without its id.

    ## What it does
    Reports list items under `tasks` without `task_id` and under `task_groups` without
    `group_name`, and items that are not mappings at all.

    ## Why is this bad?
    DAG Factory cannot name the task or group and fails to load the file.

    ## Example
    ```yaml
    tasks:
      - operator: airflow.providers.standard.operators.empty.EmptyOperator   # no task_id
    ```
    """

    code = "WF025"
    name = "missing-id"
    severity = Severity.ERROR

    def check_dag(self, ctx, dag):
        for task in dag.tasks:
            if not task.id and not task.inherited:
                written = task.config.get("task_id")
                if written is not None and written.layer.path == ctx.path:
                    ctx.report(written.value if written.value.end > written.value.start else written.key, "`task_id` is empty")
                else:
                    ctx.report((task.node.start, task.node.start + 1) if task.node.end > task.node.start else task.node,
                               "task without `task_id`")
        for group in dag.groups:
            if not group.name and not group.inherited:
                written = group.config.get("group_name")
                if written is not None and written.layer.path == ctx.path:
                    ctx.report(written.value if written.value.end > written.value.start else written.key, "`group_name` is empty")
                else:
                    ctx.report((group.node.start, group.node.start + 1), "task group without `group_name`")
