from __future__ import annotations

from ..diagnostics import Severity
from ..model.workflow import ref_replacement
from . import Rule, register


@register
class UnknownDependency(Rule):
    """A dependency that names no task or task group of the DAG.

    ## What it does
    Checks every entry of a task's or task group's `dependencies` against the task ids and
    group names of the same DAG, and suggests the closest name.

    ## Why is this bad?
    DAG Factory fails with a bare `KeyError: 'copy_to_stagin'` when it wires the
    dependencies, and no DAG of the file loads.

    ## Example
    ```yaml
    - task_id: load
      dependencies: [copy_to_stagin]   # did you mean `copy_to_staging`?
    ```
    """

    code = "WF201"
    name = "unknown-dependency"
    severity = Severity.ERROR

    def check_task(self, ctx, task):
        if not task.inherited:
            self._check(ctx, task.dag, task.dependencies, task.id)

    def check_group(self, ctx, group):
        if not group.inherited:
            self._check(ctx, group.dag, group.dependencies, group.name)

    def _check(self, ctx, dag, refs, owner):
        for ref in refs:
            if ref.name == owner or dag.find(ref.name) is not None or "$" in ref.name:
                continue  # self-dependencies are WF203's; `$VAR` is expanded by DAG Factory
            hint, fix = ref_replacement(ref, [*dag.tasks_by_id, *dag.groups_by_name])
            ctx.report(ref.node, f"`{owner}` depends on `{ref.name}`, which is no task or task group of DAG `{dag.name}`{hint}", fix=fix)
