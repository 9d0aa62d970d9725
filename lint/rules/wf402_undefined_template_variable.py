from __future__ import annotations

from ..diagnostics import Severity
from ..jinja.sites import report_problem, templating_of
from . import Rule, register


@register
class UndefinedTemplateVariable(Rule):
    """A template reads a name the Airflow 3 template context does not have.

    ## What it does
    Checks every name a rendered template reads against the task context of Airflow 3 (taken
    from the installed task SDK when the catalog was built), Jinja's globals, and the DAG's
    `user_defined_macros`. Names the template binds itself (`set`, `for`, macros) and names
    guarded by `is defined` or `| default` are fine.

    ## Why is this bad?
    Airflow renders with `StrictUndefined`: the task fails with `UndefinedError: 'run_dt' is
    undefined` when it runs.

    ## Example
    ```yaml
    bash_command: "echo {{ run_dt }}"     # did you mean `run_id`?
    ```
    """

    code = "WF402"
    name = "undefined-template-variable"
    severity = Severity.ERROR

    def check_file(self, ctx, workflow):
        for site, problem in templating_of(ctx).with_problems("undefined-name"):
            report_problem(ctx, site, problem)
