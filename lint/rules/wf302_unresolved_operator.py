from __future__ import annotations

from ..diagnostics import Severity
from ..operators import report_unknown_operator, unknown_operator_of
from . import Rule, register


@register
class UnresolvedOperator(Rule):
    """An operator that no catalog knows and that is not found in `operator-paths`.

    ## What it does
    Reports an `operator` import path that is neither in the operator catalog nor a class found
    (by reading source, never importing it) under the configuration's `operator-paths`, and is
    not a near miss of a known path (that is WF301). The task's arguments are then not checked.

    This is a warning: the class is most likely your own. Point `operator-paths` at the folder
    your operators' packages live in (e.g. `plugins/`), add a catalog built in your Airflow
    environment (`catalogs`), or silence the rule (`ignore = ["WF302"]`).

    ## Why is this bad?
    If the class does not exist where Airflow runs, DAG Factory fails with "Failed to import
    operator". If it does, wflint cannot check its arguments until it can see it.

    ## Example
    ```yaml
    - task_id: export
      operator: acme.operators.export.WarehouseExportOperator   # add `operator-paths = ["plugins"]`
    ```
    """

    code = "WF302"
    name = "unresolved-operator"
    severity = Severity.WARNING

    def check_task(self, ctx, task):
        verdict = unknown_operator_of(ctx, task)
        if verdict is None or verdict.certain:
            return
        report_unknown_operator(ctx, task, verdict)
