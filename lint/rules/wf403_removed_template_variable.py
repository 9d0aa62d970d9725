from __future__ import annotations

import dataclasses
import re

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
            expression = replacement_expression(problem.replacement)
            if expression is not None and not problem.suggestion:
                problem = dataclasses.replace(problem, suggestion=expression)
            report_problem(ctx, site, problem)


_FIRST_EXPRESSION = re.compile(r"\{\{\s*(.+?)\s*\}\}")


def replacement_expression(replacement: str | None) -> str | None:
    """What to write in place of the removed name: the first `{{ ... }}` of its replacement
    (`logical_date` for `execution_date`), in parentheses when it holds a filter so it reads
    the same wherever the name stood. None when there is no direct equivalent."""
    if not replacement or replacement.startswith("no "):
        return None
    match = _FIRST_EXPRESSION.search(replacement)
    if match is None:
        return None
    expression = match.group(1)
    return f"({expression})" if "|" in expression else expression
