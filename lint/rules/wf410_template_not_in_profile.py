from __future__ import annotations

from ..diagnostics import Severity
from ..jinja.sites import report_problem, templating_of
from . import Rule, register


@register
class TemplateNotInProfile(Rule):
    """A template variable or macro the deploy target does not document.

    ## What it does
    With a profile that lists its supported Jinja (`mwaa-serverless`: `macros`,
    `task_instance`, `ti`, `params`, `ds`, `ds_nodash`, `ts`, `ts_nodash`; the macros
    `datetime`, `timedelta`, `dateutil`, `time`, `uuid`, `ds_add`, `ds_format`; see
    `schemas/profiles/`), flags other Airflow context variables and macros.

    ## Why is this bad?
    The platform does not promise them: the template may fail or render differently there,
    though it works on a plain Airflow 3. A warning, since nothing shows it fails.

    ## Example
    ```yaml
    # profile = "mwaa-serverless"
    sql: "SELECT * FROM events WHERE dt = '{{ data_interval_start | ds }}'"   # use {{ ds }}
    ```
    """

    code = "WF410"
    name = "template-not-in-profile"
    severity = Severity.WARNING

    def check_file(self, ctx, workflow):
        if ctx.config.profile is None:
            return
        for site, problem in templating_of(ctx).with_problems("not-in-profile", "macro-not-in-profile"):
            report_problem(ctx, site, problem)
