from __future__ import annotations

from ..diagnostics import Severity
from ..jinja.sites import report_problem, templating_of
from . import Rule, register


@register
class NestedTemplate(Rule):
    """Template markup written inside a template expression.

    ## What it does
    Finds string literals holding `{{ ... }}` or `{% ... %}` inside an expression, such as
    `{{ '{{ ds }}' }}` or `{{ macros.ds_add('{{ ds }}', 1) }}`.

    ## Why is this bad?
    Airflow renders a field once: the inner markup is not rendered but used as the literal text
    `{{ ds }}`. Passed to a date macro it fails the task (reported by WF412); elsewhere the output
    silently holds the braces.

    ## Example
    ```yaml
    bash_command: "echo {{ macros.ds_add('{{ ds }}', 1) }}"   # write macros.ds_add(ds, 1)
    ```
    """

    code = "WF413"
    name = "nested-template"
    severity = Severity.WARNING

    def check_file(self, ctx, workflow):
        for site, problem in templating_of(ctx).with_problems("nested-template"):
            report_problem(ctx, site, problem)
