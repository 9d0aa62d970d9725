from __future__ import annotations

from ..diagnostics import Severity
from ..jinja.sites import report_problem, templating_of
from . import Rule, register


@register
class UnknownTemplateAttribute(Rule):
    """A template reads an attribute that the context object does not have.

    ## What it does
    Checks `ti.<name>`, `task_instance.<name>`, `dag_run.<name>`, `dag.<name>`, the dates
    (`logical_date.<name>`, `data_interval_start.<name>`, ...) and the date strings (`ds.<name>`)
    against the attributes and methods of the classes Airflow really puts in the template context,
    introspected from the task SDK of the Airflow version (the runtime task instance, the execution
    API's DagRun model, the DAG, pendulum's DateTime, `str`).

    ## Why is this bad?
    Jinja finds no such attribute and Airflow renders with `StrictUndefined`, so the task fails
    when it renders: `UndefinedError: 'RuntimeTaskInstance object' has no attribute 'hostnme'`.

    ## Example
    ```yaml
    bash_command: "echo {{ logical_date.plus(days=1) }}"   # pendulum's method is `add`
    ```
    """

    code = "WF411"
    name = "unknown-template-attribute"
    severity = Severity.ERROR

    def check_file(self, ctx, workflow):
        for site, problem in templating_of(ctx).with_problems("unknown-attribute"):
            report_problem(ctx, site, problem)
