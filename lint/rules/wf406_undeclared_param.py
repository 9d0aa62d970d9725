from __future__ import annotations

from ..diagnostics import Severity
from ..jinja.sites import report_problem, templating_of
from . import Rule, register


@register
class UndeclaredParam(Rule):
    """`params.x` where no `params` declares `x`.

    ## What it does
    Checks `params.x` and `params['x']` against the params declared for the task: the DAG's
    `params`, `params` in the DAG's or a task group's `default_args`, and the task's own
    `params`. `params.get('x')` and names guarded by `is defined` or `| default` are fine.

    ## Why is this bad?
    A run triggered with a configuration may supply the param, so this is a warning; without it
    the template fails with `UndefinedError` when the task runs.

    ## Example
    ```yaml
    params:
      table: events
    tasks:
      - task_id: load
        operator: airflow.providers.common.sql.operators.sql.SQLExecuteQueryOperator
        sql: "SELECT * FROM {{ params.tabel }}"   # did you mean `table`?
    ```
    """

    code = "WF406"
    name = "undeclared-param"
    severity = Severity.WARNING

    def check_file(self, ctx, workflow):
        for site, problem in templating_of(ctx).with_problems("undeclared-param"):
            report_problem(ctx, site, problem)
