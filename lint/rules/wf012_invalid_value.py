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
    values, or below a minimum (for example `max_active_runs: 0`).

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
    KEYWORDS = frozenset({"enum", "const", "minimum"})

    def check_file(self, ctx, workflow):
        for violation in violations_for(ctx):
            if violation.keyword in self.KEYWORDS:
                fix = None
                if violation.replacement:
                    fix = Fix(f"Replace with `{violation.replacement}`",
                              (replace_scalar(ctx.source.text, violation.node, violation.replacement),), safe=False)
                ctx.report(violation.node, violation.message, fix=fix)
