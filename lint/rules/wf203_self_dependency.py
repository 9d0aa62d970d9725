from __future__ import annotations

from ..diagnostics import Severity
from . import Rule, register


@register
class SelfDependency(Rule):
    """A task or task group that lists itself in its own `dependencies`.

    ## What it does
    Reports a dependency on the task (or group) that declares it.

    ## Why is this bad?
    A task cannot run after itself: Airflow refuses the DAG as a cycle.

    ## Example
    ```yaml
    - task_id: load
      dependencies: [extract, load]
    ```
    """

    code = "WF203"
    name = "self-dependency"
    severity = Severity.ERROR

    def check_task(self, ctx, task):
        self._check(ctx, task.dependencies, task.id, "task")

    def check_group(self, ctx, group):
        self._check(ctx, group.dependencies, group.name, "task group")

    def _check(self, ctx, refs, owner, what):
        for ref in refs:
            if owner and ref.name == owner:
                ctx.report(ref.node, f"{what} `{owner}` depends on itself")
