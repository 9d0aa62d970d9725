from __future__ import annotations

from ..diagnostics import Severity
from ..jinja.sites import report_problem, templating_of
from . import Rule, register


@register
class UnknownMacro(Rule):
    """`macros.something` that Airflow 3's `macros` does not have.

    ## What it does
    Checks `macros.<name>` against the members of Airflow 3's `macros` module (`ds_add`,
    `ds_format`, `datetime`, `timedelta`, `dateutil`, `time`, `uuid`, `random`, `json`, ...).

    ## Why is this bad?
    The attribute is undefined and the task fails when it renders.

    ## Example
    ```yaml
    bash_command: "echo {{ macros.ds_ad(ds, 1) }}"   # did you mean `ds_add`?
    ```
    """

    code = "WF404"
    name = "unknown-macro"
    severity = Severity.ERROR

    def check_file(self, ctx, workflow):
        for site, problem in templating_of(ctx).with_problems("unknown-macro"):
            report_problem(ctx, site, problem)
