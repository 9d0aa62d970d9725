from __future__ import annotations

from ..diagnostics import Severity
from ..model.workflow import ref_replacement
from . import Rule, register


@register
class UnknownTaskGroup(Rule):
    """`task_group_name` or `parent_group_name` names no task group of the DAG.

    ## What it does
    Checks that the group a task or a nested group belongs to is defined under the DAG's
    `task_groups`, and suggests the closest name.

    ## Why is this bad?
    DAG Factory fails with a `KeyError` while it assigns tasks to groups, and the file does not
    load.

    ## Example
    ```yaml
    - task_id: clean
      task_group_name: transfrom   # did you mean `transform`?
    ```
    """

    code = "WF204"
    name = "unknown-task-group"
    severity = Severity.ERROR

    def check_task(self, ctx, task):
        if task.group is not None and not task.inherited:
            self._check(ctx, task.dag, task.group, "task_group_name")

    def check_group(self, ctx, group):
        if group.parent is not None and not group.inherited:
            self._check(ctx, group.dag, group.parent, "parent_group_name")

    def _check(self, ctx, dag, ref, key):
        if ref.name in dag.groups_by_name or "$" in ref.name:
            return
        if dag.groups_by_name:
            message = f"`{key}: {ref.name}` names no task group of DAG `{dag.name}`"
        else:
            message = f"`{key}: {ref.name}`: DAG `{dag.name}` defines no `task_groups`"
        hint, fix = ref_replacement(ref, dag.groups_by_name)
        ctx.report(ref.node, message + hint, fix=fix)
