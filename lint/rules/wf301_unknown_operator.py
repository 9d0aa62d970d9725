from __future__ import annotations

from ..diagnostics import Severity
from ..operators import report_unknown_operator, unknown_operator_of
from . import Rule, register


@register
class UnknownOperator(Rule):
    """An operator path that misspells a class or module the operator catalog knows.

    ## What it does
    Looks the `operator` import path up in the operator catalog (the shipped Airflow and provider
    catalogs, plus any `catalogs` and `operator-paths` of the configuration). When it is not
    found but is close to a known path (a class typo, a module typo, a class that lives in
    another module), or lies in a module namespace that a catalogued distribution owns (e.g.
    `airflow.providers.amazon.`), it reports the path with the closest known one.

    Paths that match nothing known are not errors: they are reported by WF302, which you can
    silence for in-house operators.

    ## Why is this bad?
    DAG Factory imports the class while it builds the DAG and fails with "Failed to import
    operator"; no DAG of the file loads.

    ## Example
    ```yaml
    - task_id: wait
      operator: airflow.providers.amazon.aws.sensors.s3.S3KeySenzor   # did you mean S3KeySensor?
    ```
    """

    code = "WF301"
    name = "unknown-operator"
    severity = Severity.ERROR

    def check_task(self, ctx, task):
        verdict = unknown_operator_of(ctx, task)
        if verdict is None or not verdict.certain:
            return
        report_unknown_operator(ctx, task, verdict)
