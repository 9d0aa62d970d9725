from __future__ import annotations

from ..diagnostics import Severity
from ..jinja.sites import report_problem, templating_of
from . import Rule, register


@register
class RemovedTemplateVariable(Rule):
    """A template reads a context variable that Airflow 3 removed.

    ## What it does
    Finds Airflow 2 context variables that no longer exist in Airflow 3 (`execution_date`,
    `next_ds`, `prev_ds`, `tomorrow_ds`, `yesterday_ds` and their `_nodash` forms, `conf`, ...)
    and says what to write instead.

    ## Why is this bad?
    Under Airflow 3 the name is undefined, and `StrictUndefined` fails the task when it runs.
    Workflows converted from Airflow 2 hit this first.

    ## Example
    ```yaml
    bash_command: "echo {{ execution_date }}"   # use {{ logical_date }}
    ```
    """

    code = "WF403"
    name = "removed-template-variable"
    severity = Severity.ERROR

    def check_file(self, ctx, workflow):
        for site, problem in templating_of(ctx).with_problems("removed-name"):
            report_problem(ctx, site, problem)
