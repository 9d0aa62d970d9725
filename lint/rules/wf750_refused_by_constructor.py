from __future__ import annotations

from ..catalog.constructor_data import UNKNOWN, dag_checks_for, holds
from ..diagnostics import Severity
from ..operators import constructor_refusals, constructor_value
from ..schema import violations_for
from . import Rule, register

# DAG keys DAG Factory converts or reads itself before it calls DAG(...): not judged as written.
_CONVERTED_DAG_KEYS = frozenset({"schedule", "start_date", "end_date", "default_args", "params", "tasks", "task_groups",
                                 "doc_md", "dag_id", "timetable"})


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
    such as SageMaker's `action_if_job_exists` or EC2's `target_state`). At the DAG level, the
    validators of Airflow's DAG fields (`dagrun_timeout: 3600` where a timedelta is required),
    where WF011 does not already report the value's type.

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

    def check_dag(self, ctx, dag):
        checks, _ = dag_checks_for(ctx.target)
        if not checks:
            return
        entries = dag.config.entries
        owned_by_schema = None
        for check in checks:
            name = check.arguments[0] if len(check.arguments) == 1 else None
            entry = entries.get(name) if name and name not in _CONVERTED_DAG_KEYS else None
            if entry is None:
                continue
            value = constructor_value(entry.value)
            if value is UNKNOWN or holds(check.when, {name: value}) is not True:
                continue
            if owned_by_schema is None:  # WF011 already says the type is wrong there
                owned_by_schema = {violation.node.start for violation in violations_for(ctx)}
            reported = ctx.cache.setdefault("refused_by_dag", set())  # a `default:` value shared by DAGs: once
            if entry.value.start in owned_by_schema or entry.value.start in reported:
                continue
            reported.add(entry.value.start)
            message = _filled(check.message, check.arguments, {name: value})
            raised = f"{check.raises}(\"{message}\")" if message else check.raises
            advice = ("write `{__type__: datetime.timedelta, seconds: N}`" if "timedelta" in check.message
                      else "change the value")
            ctx.report(entry.value, f"`{name}: {_show(value)}`: Airflow's DAG raises {raised} when DAG Factory creates the "
                                    f"DAG, and the file's DAGs do not load; {advice}")

    def check_task(self, ctx, task):
        for refusal in constructor_refusals(ctx, task):
            self._report(ctx, *refusal)

    def _report(self, ctx, node, check, name, value):
        owner = check.owner.rsplit(".", 1)[-1]
        message = _filled(check.message, check.arguments, {name: value})
        raised = f"{check.raises}(\"{message}\")" if message else check.raises
        condition = _simple_condition(check.when)
        condition = f" (`{condition}`)" if condition else ""
        ctx.report(node, f"`{name}: {_show(value)}`: {owner}'s constructor raises {raised}{condition} when DAG "
                         "Factory creates the task, and the file's DAGs do not load; change the value")


def _filled(message: str, arguments, values: dict) -> str:
    """Airflow's message with the written values where it prints an argument (`{mode}`)."""
    for name in arguments:
        message = message.replace("{" + name + "}", _show(values[name]) if name in values else "…")
    return message


def _show(value) -> str:
    if isinstance(value, list):
        text = "[" + ", ".join(_show(item) for item in value) + "]"
        return text if len(text) <= 60 else text[:57] + "..."
    return "null" if value is None else str(value).lower() if isinstance(value, bool) else str(value)


_NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "in": "not in", "not in": "in", "==": "!=", "!=": "=="}


def _simple_condition(when) -> str | None:
    """`pool_slots < 1` for a comparison of one argument with a constant; None for the others,
    whose Airflow message says enough."""
    if when[0] == "cmp" and when[2][0] == "arg" and when[3][0] == "const" and when[1] not in ("is", "is not"):
        return f"{when[2][1]} {when[1]} {when[3][1]!r}"
    return None
