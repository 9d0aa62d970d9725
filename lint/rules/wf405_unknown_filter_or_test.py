from __future__ import annotations

from ..diagnostics import Severity
from ..jinja.sites import report_problem, templating_of
from . import Rule, register


@register
class UnknownFilterOrTest(Rule):
    """A Jinja filter or test that does not exist.

    ## What it does
    Checks `value | filter` against Jinja's filters, Airflow's (`ds`, `ds_nodash`, `ts`,
    `ts_nodash`, `ts_nodash_with_tz`) and the DAG's `user_defined_filters`, and `value is test`
    against Jinja's tests.

    ## Why is this bad?
    Jinja refuses to compile the template (`No filter named 'dsnodash'`): the task fails when
    it runs.

    ## Example
    ```yaml
    bash_command: "echo {{ logical_date | dsnodash }}"   # did you mean `ds_nodash`?
    ```
    """

    code = "WF405"
    name = "unknown-filter-or-test"
    severity = Severity.ERROR

    def check_file(self, ctx, workflow):
        for site, problem in templating_of(ctx).with_problems("unknown-filter", "unknown-test"):
            report_problem(ctx, site, problem)
