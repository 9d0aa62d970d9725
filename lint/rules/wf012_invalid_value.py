from __future__ import annotations

from ..diagnostics import Fix, Severity
from ..schema import violations_for
from ..yaml.scalars import replace_scalar
from . import Rule, register


@register
class InvalidValue(Rule):
    """A value outside what its key allows.

    ## What it does
    Reports values that have the right type but are not allowed: not one of a fixed set of
    values, or below a minimum (for example `max_active_runs: 0`); and value forms that the
    target's DAG Factory release does not read yet (a list of asset URI strings as `schedule`
    needs DAG Factory 1.1.0: 1.0.1 passes the strings to Airflow, which refuses them).

    ## Why is this bad?
    Airflow rejects or misinterprets such values when the DAG is loaded or run.

    ## Example
    ```yaml
    my_dag:
      max_active_runs: 0
    ```
    """

    code = "WF012"
    name = "invalid-value"
    severity = Severity.ERROR
    file_kinds = frozenset({"workflow", "defaults"})  # a defaults.yml holds DAG-level settings too
    KEYWORDS = frozenset({"enum", "const", "minimum", "x-dag-factory"})

    def check_file(self, ctx, workflow):
        for violation in violations_for(ctx):
            if violation.keyword in self.KEYWORDS:
                fix = None
                if violation.replacement:
                    fix = Fix(f"Replace with `{violation.replacement}`",
                              (replace_scalar(ctx.source.text, violation.node, violation.replacement),), safe=False)
                severity = None
                if violation.keyword == "x-dag-factory" and violation.severity:
                    severity = Severity.parse(violation.severity)
                ctx.report(violation.node, violation.message, fix=fix, severity=severity)
