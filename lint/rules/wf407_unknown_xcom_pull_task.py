from __future__ import annotations

from ..diagnostics import Severity
from ..jinja.sites import report_problem, templating_of
from . import Rule, register


@register
class UnknownXcomPullTask(Rule):
    """`ti.xcom_pull(task_ids='x')` naming no task of the DAG.

    ## What it does
    Checks the constant task ids given to `ti.xcom_pull` / `task_instance.xcom_pull` in a
    rendered template against the DAG's task ids (as written, and as Airflow names tasks in a
    task group: `group.task`).

    ## Why is this bad?
    `xcom_pull` returns `None` for a task that does not exist, so the task renders `None` where
    a value was meant and goes on without an error: a warning, since nothing fails.

    ## Example
    ```yaml
    bash_command: "echo {{ ti.xcom_pull(task_ids='extrat') }}"   # did you mean `extract`?
    ```
    """

    code = "WF407"
    name = "unknown-xcom-pull-task"
    severity = Severity.WARNING

    def check_file(self, ctx, workflow):
        for site, problem in templating_of(ctx).with_problems("unknown-xcom-task"):
            report_problem(ctx, site, problem)
