from __future__ import annotations

from ..diagnostics import Severity
from ..jinja.sites import report_problem, templating_of
from . import Rule, register


@register
class InvalidTemplateCall(Rule):
    """A template calls a macro or a context object's method with arguments it cannot take.

    ## What it does
    Binds the arguments of `macros.<function>(...)` and of the methods of `ti`, `dag_run`, `dag`,
    the dates and the date strings against their real signatures (introspected from the task SDK of
    the Airflow version): too many positional arguments, an unknown keyword, a missing required
    argument. For the date macros it also checks literal values: a number of `days` written as a
    string, and a date string that the macro's format cannot parse (`ds` is always `YYYY-MM-DD`).

    ## Why is this bad?
    Python raises `TypeError` or `ValueError` while the template renders, and the task fails.

    ## Example
    ```yaml
    bash_command: "echo {{ ti.xcom_pull(task_id='extract') }}"   # the keyword is `task_ids`
    sql: "WHERE day = '{{ macros.ds_add(ds) }}'"                 # missing `days`
    ```
    """

    code = "WF412"
    name = "invalid-template-call"
    severity = Severity.ERROR

    def check_file(self, ctx, workflow):
        for site, problem in templating_of(ctx).with_problems("invalid-call"):
            report_problem(ctx, site, problem)
