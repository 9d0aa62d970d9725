from __future__ import annotations

from ..diagnostics import Severity
from . import Rule, register


@register
class OperatorOrDecorator(Rule):
    """A task must name exactly one of `operator` or `decorator`.

    ## What it does
    Reports a task that has neither an `operator` nor a `decorator` key, or has both.

    ## Why is this bad?
    DAG Factory refuses the whole file: "Tasks must define either 'operator' or 'decorator'".
    With both, one of them is silently ignored.

    ## Example
    ```yaml
    tasks:
      - task_id: extract
        bash_command: echo hi      # which operator?
    ```
    """

    code = "WF020"
    name = "operator-or-decorator"
    severity = Severity.ERROR

    def check_task(self, ctx, task):
        if not task.id:
            return
        operator, decorator = task.operator, task.decorator
        if operator is None and decorator is None:
            ctx.report(task.id_node, f"task `{task.id}` defines neither `operator` nor `decorator`; DAG Factory rejects it")
        elif operator is not None and decorator is not None:
            ctx.report(
                decorator.key,
                f"task `{task.id}` defines both `operator` and `decorator`; use exactly one",
                related=[ctx.related_at(operator.key, "`operator` here", operator.layer)],
            )
