from __future__ import annotations

from ..diagnostics import Fix, Severity
from ..schema import violations_for
from ..yaml.scalars import replace_scalar
from . import Rule, register


@register
class UnknownKey(Rule):
    """A key the DAG Factory format does not know.

    ## What it does
    Reports keys of a DAG, of the `default` block or of a task group that are not part of the
    format, with the closest known key as a suggestion. (Task keys are operator arguments and
    are checked against the operator catalog instead.)

    ## Why is this bad?
    DAG Factory silently drops an unknown DAG-level key: a typo such as `schedul:` leaves the
    DAG without a schedule and nothing tells you. An unknown task-group key makes Airflow's
    `TaskGroup` fail when the file is loaded.

    ## Example
    ```yaml
    my_dag:
      schedul: "@daily"   # did you mean `schedule`?
    ```
    """

    code = "WF010"
    name = "unknown-key"
    severity = Severity.WARNING
    file_kinds = frozenset({"workflow", "defaults"})  # a defaults.yml holds DAG-level settings too

    def check_file(self, ctx, workflow):
        for violation in violations_for(ctx):
            if violation.keyword == "additionalProperties":
                severity = Severity.parse(violation.severity) if violation.severity else None
                fix = None
                if violation.replacement:
                    fix = Fix(f"Rename to `{violation.replacement}`",
                              (replace_scalar(ctx.source.text, violation.node, violation.replacement),), safe=False)
                ctx.report(violation.node, violation.message, severity=severity, fix=fix)
