from __future__ import annotations

from ..diagnostics import Severity
from ..operators import constructor_refusals
from . import Rule, register


@register
class RefusedByConstructor(Rule):
    """An argument value that the operator's constructor refuses: the DAG does not load.

    ## What it does
    Evaluates, with the literal values written in the task (and in the `default_args` that reach
    it), the checks the constructors of the operator class and of its bases run when DAG Factory
    creates the task: `pool_slots` below 1, a `retries` that is no whole number, a value of the
    wrong type for one of the arguments Airflow's BaseOperator type-checks (`priority_weight`,
    `queue`, `pool_slots`, `email_on_failure`, ...), a sensor's negative or non-numeric
    `poke_interval` / `timeout` / `max_wait`, `soft_fail` together with `never_fail`, and the
    checks of provider operators (arguments that exclude each other, values outside a fixed set,
    such as SageMaker's `action_if_job_exists` or EC2's `target_state`).

    The checks are not a hand-written list: they are read from the constructors' source of each
    Airflow, task SDK and provider release (`schemas/constructor-checks.json`, see
    docs/runtime-checks.md) and judged at the target's releases. A check is reported only when
    every value it reads is known: Jinja templates, `$VARIABLES`, `+task` references, `__type__`
    objects and mapped (`expand:`) tasks are skipped.

    ## Why is this bad?
    The constructor raises when the file is loaded: Airflow shows an import error and none of the
    file's DAGs runs.

    ## Example
    ```yaml
    - task_id: load
      operator: airflow.providers.standard.operators.bash.BashOperator
      bash_command: ./load.sh
      pool_slots: 0          # ValueError: pool slots for load cannot be less than 1
      priority_weight: high  # TypeError: 'priority_weight' expects int
    ```
    """

    code = "WF750"
    name = "refused-by-constructor"
    severity = Severity.ERROR

    def check_task(self, ctx, task):
        for refusal in constructor_refusals(ctx, task):
            self._report(ctx, *refusal)

    def _report(self, ctx, node, check, name, value):
        owner = check.owner.rsplit(".", 1)[-1]
        raised = f"{check.raises}(\"{check.message}\")" if check.message else check.raises
        condition = _simple_condition(check.when)
        condition = f" (`{condition}`)" if condition else ""
        ctx.report(node, f"`{name}: {_show(value)}`: {owner}'s constructor raises {raised}{condition} when DAG "
                         "Factory creates the task, and the file's DAGs do not load; change the value")


def _show(value) -> str:
    return "null" if value is None else str(value).lower() if isinstance(value, bool) else str(value)


_NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "in": "not in", "not in": "in", "==": "!=", "!=": "=="}


def _simple_condition(when) -> str | None:
    """`pool_slots < 1` for a comparison of one argument with a constant; None for the others,
    whose Airflow message says enough."""
    if when[0] == "cmp" and when[2][0] == "arg" and when[3][0] == "const" and when[1] not in ("is", "is not"):
        return f"{when[2][1]} {when[1]} {when[3][1]!r}"
    return None
