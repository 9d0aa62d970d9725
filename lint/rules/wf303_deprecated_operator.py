from __future__ import annotations

from ..diagnostics import Fix, Severity
from ..operators import advice_at_target, operator_of, profile_operators
from ..yaml.scalars import replace_scalar
from . import Rule, register


@register
class DeprecatedOperator(Rule):
    """An operator named by a deprecated import path, or a deprecated operator class.

    ## What it does
    Reports an `operator` path that Airflow 3 keeps only as a deprecated alias (e.g.
    `airflow.operators.empty.EmptyOperator`, now
    `airflow.providers.standard.operators.empty.EmptyOperator`), with a safe fix that writes
    the current path; and an operator class that is itself deprecated, with its replacement.

    With a deploy-target profile active, a path that the platform's operator allow-list names
    is left alone: the allow-list is checked by exact path, so the "current" path could be
    refused there.

    ## Why is this bad?
    Deprecated aliases emit warnings on every parse and disappear in a later release; deprecated
    classes are removed in a later provider version.

    ## Example
    ```yaml
    - task_id: start
      operator: airflow.operators.empty.EmptyOperator   # -> airflow.providers.standard.operators.empty.EmptyOperator
    ```
    """

    code = "WF303"
    name = "deprecated-operator"
    severity = Severity.WARNING

    def check_task(self, ctx, task):
        if task.inherited or task.operator is None or task.operator.inherited:
            return  # reported where it is written
        resolved = operator_of(ctx, task)
        if resolved is None or resolved.info is None or resolved.path in profile_operators(ctx):
            return
        info = resolved.info
        node = task.operator.value
        if info.deprecated_alias:
            message = f"`{resolved.path}` is a deprecated import path; use `{info.canonical_path}`"
            fix = Fix(f"Use `{info.canonical_path}`", (replace_scalar(ctx.source.text, node, info.canonical_path),), safe=True)
            ctx.report(node, message, fix=fix)
        elif info.deprecation is not None:
            # The replacement it advises may come in a later release than the target's.
            reason = advice_at_target(ctx, info, info.deprecation.message).rstrip(".")
            message = reason if reason.startswith(info.name) else f"{info.name} is deprecated: {reason}"
            ctx.report(node, message)
