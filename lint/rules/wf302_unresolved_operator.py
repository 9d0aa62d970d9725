from __future__ import annotations

from ..diagnostics import Fix, Severity
from ..operators import judge_unknown_operator, operator_of, replace_scalar
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
        if task.inherited or task.operator is None or task.operator.inherited:
            return  # reported where it is written
        resolved = operator_of(ctx, task)
        if resolved is None or resolved.dynamic or resolved.info is not None:
            return
        verdict = judge_unknown_operator(ctx, resolved.path)
        if verdict is None or verdict.certain:
            return
        node = task.operator.value
        fix = None
        if verdict.suggestion:
            fix = Fix(f"Replace with `{verdict.suggestion}`", (replace_scalar(node, verdict.suggestion),), safe=False)
        ctx.report(node, verdict.message, fix=fix)
