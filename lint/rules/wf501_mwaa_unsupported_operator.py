from __future__ import annotations

from ..diagnostics import Fix, Severity
from ..profiles import profile_for
from ..suggest import closest
from ..yaml.scalars import replace_scalar
from ..yaml.tree import Scalar
from . import Rule, register


@register
class MwaaUnsupportedOperator(Rule):
    """An operator that MWAA Serverless does not run.

    ## What it does
    With the `mwaa-serverless` profile, checks every task's `operator` against the list of
    operators MWAA Serverless accepts (the Amazon provider's operators, `EmptyOperator` and
    `SQLTableCheckOperator`; the list and its sources are in
    `schemas/profiles/mwaa-serverless.json`).

    ## Why is this bad?
    MWAA Serverless refuses the workflow when it is created or updated
    (`ValidationException`, reason `unknownOperation`), or the run fails.

    ## Example
    ```yaml
    - task_id: run
      operator: airflow.providers.standard.operators.bash.BashOperator   # not on MWAA Serverless
    ```
    """

    code = "WF501"
    name = "mwaa-unsupported-operator"
    severity = Severity.ERROR
    profile = "mwaa-serverless"

    def check_task(self, ctx, task):
        entry = task.operator
        if entry is None or entry.inherited or type(entry.value) is not Scalar:
            return
        path = str(entry.value.value)
        if "$" in path:
            return
        allowed = ctx.cache.get("mwaa-operators")
        if allowed is None:
            allowed = ctx.cache["mwaa-operators"] = frozenset(profile_for(ctx)["operators"])
        if path in allowed:
            return
        suggestion = closest(path, allowed, cutoff=0.9)  # only real typos
        hint = f" (did you mean `{suggestion[0]}`?)" if suggestion else "; use an Amazon provider operator"
        fix = None
        if suggestion:
            fix = Fix(f"Use `{suggestion[0]}`", (replace_scalar(ctx.source.text, entry.value, suggestion[0]),), safe=False)
        ctx.report(entry.value, f"MWAA Serverless does not support operator `{path.rsplit('.', 1)[-1]}`{hint}", fix=fix)
