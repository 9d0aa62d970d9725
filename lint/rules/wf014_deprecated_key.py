from __future__ import annotations

from ..diagnostics import Severity
from ..schema import violations_for
from . import Rule, register


@register
class DeprecatedKey(Rule):
    """A DAG key that has no effect on Airflow 3.

    ## What it does
    Reports Airflow 2 DAG settings that DAG Factory still accepts but Airflow 3 ignores:
    `concurrency` (now `max_active_tasks`), `default_view`, `orientation`.

    ## Why is this bad?
    The setting looks active but does nothing; the behaviour you expect does not happen.

    ## Example
    ```yaml
    default:
      concurrency: 4        # use max_active_tasks
    ```
    """

    code = "WF014"
    name = "deprecated-key"
    severity = Severity.WARNING
    file_kinds = frozenset({"workflow", "defaults"})  # a defaults.yml holds DAG-level settings too

    def check_file(self, ctx, workflow):
        for violation in violations_for(ctx):
            if violation.keyword == "deprecated":
                ctx.report(violation.node, violation.message)
