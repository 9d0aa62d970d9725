from __future__ import annotations

from ..diagnostics import Fix, Severity
from ..model.workflow import Entry
from ..operators import (
    base_operator, catalog_for, is_dynamic, operator_of, refused_nodes, task_arguments, value_mismatch,
)
from ..yaml.scalars import replace_scalar
from ..suggest import closest
from ..yaml.tree import Mapping, Scalar
from . import Rule, register

# Arguments whose values Airflow checks against a fixed set when the task is created.
ENUM_ARGUMENTS = ("trigger_rule", "weight_rule", "mode")
# Trigger rules renamed in Airflow 2 and gone in Airflow 3, and their successors.
RENAMED_TRIGGER_RULES = {"dummy": "always", "none_failed_or_skipped": "none_failed_min_one_success"}


@register
class InvalidArgumentValue(Rule):
    """An argument value that the operator cannot take.

    ## What it does
    - **Errors** for values Airflow validates when DAG Factory creates the task: `trigger_rule`
      (Airflow 3's TriggerRule values; `dummy` and `none_failed_or_skipped` are gone),
      `weight_rule` (WeightRule values; a dotted path is taken for a custom priority strategy
      and only warned about), a sensor's `mode` (`poke`, `reschedule`), and a plain number as
      `execution_timeout` (Airflow wants a timedelta there). The values come from
      the Airflow release the catalog was built from. Checked in tasks, in `partial:`, and in the
      DAG's and task groups' `default_args`.
    - **Warnings** for plain YAML values that clearly do not fit the argument's annotation: a
      word where the annotation only allows numbers (a quoted number is fine), a list for a
      `str`, a mapping for an `int`, a word outside a `Literal[...]` (compared without case).
      Only `str`, `int`, `float`, `bool`, `None`, lists and mappings are judged; an annotation
      naming anything else (a `timedelta`, a callable, a class) accepts every value, and so do
      `__type__` objects, Jinja templates, `$VARIABLES` and `+task` XCom references; `null` is
      accepted where the default is `None`, a boolean where a number is. Many operators convert
      or only use a value when the task runs, so a mismatch is not certain to fail at parse
      time. Keys of `default_args` are judged against BaseOperator's and BaseSensorOperator's
      annotations.

    ## Why is this bad?
    An invalid `trigger_rule` fails the whole file ("'all_sucess' is not a valid TriggerRule");
    a wrongly typed value usually fails only when the task runs.

    ## Example
    ```yaml
    - task_id: report
      trigger_rule: all_sucess     # did you mean `all_success`?
      retries: three               # `retries` expects an integer
    ```
    """

    code = "WF306"
    name = "invalid-argument-value"
    severity = Severity.ERROR

    def check_task(self, ctx, task):
        if task.inherited:
            return
        resolved = operator_of(ctx, task)
        info = resolved.info if resolved is not None else None
        if resolved is not None and info is None:
            return  # unknown operator: its arguments are unknown too
        refused = refused_nodes(ctx, task.dag)  # WF750 says the constructor refuses the value
        for argument in task_arguments(task):
            if not argument.own or argument.where == "expand" or argument.name != argument.written:
                continue
            if argument.name == "execution_timeout":
                self._check_timeout(ctx, argument.value)
                continue
            if argument.name in ENUM_ARGUMENTS:
                if argument.name != "mode" or (info is not None and info.kind == "sensor"):
                    self._check_enum(ctx, argument.name, argument.value)
                continue
            if info is None:
                continue
            declared = info.arguments.get(argument.name)
            if declared is not None and argument.value.start not in refused:
                self._check_type(ctx, argument.name, declared, argument.value)

    def check_dag(self, ctx, dag):
        merged = dag.default_args
        if merged is not None:
            has_sensor = any(
                (resolved := operator_of(ctx, task)) is not None and resolved.info is not None
                and resolved.info.kind == "sensor"
                for task in dag.tasks
            )
            self._check_default_args(ctx, [e for e in merged.entries.values() if e.layer.kind == "dag"], has_sensor,
                                     refused_nodes(ctx, dag))

    def check_file(self, ctx, workflow):
        block = workflow.default_block
        if block is None or type(block.value) is not Mapping:
            return
        for key, value in block.value.pairs:
            if type(key) is Scalar and key.value == "default_args" and type(value) is Mapping:
                entries = [Entry(k, v, block.layer) for k, v in value.pairs if type(k) is Scalar]
                refused = frozenset().union(*(refused_nodes(ctx, dag) for dag in workflow.dags))
                self._check_default_args(ctx, entries, True, refused)

    def check_group(self, ctx, group):
        merged = group.config.sub("default_args")
        if merged is not None and not group.inherited:
            self._check_default_args(ctx, [e for e in merged.entries.values() if e.layer.kind == "dag"], True,
                                     refused_nodes(ctx, group.dag))

    def _check_default_args(self, ctx, entries, has_sensor, refused=frozenset()):
        base = sensor = None
        for entry in entries:
            name = entry.key.value
            if name == "execution_timeout":
                self._check_timeout(ctx, entry.value)
                continue
            if name in ENUM_ARGUMENTS:
                if name != "mode" or has_sensor:
                    self._check_enum(ctx, name, entry.value)
                continue
            base = base or base_operator(ctx)
            declared = base.arguments.get(name) if base is not None else None
            if declared is None:
                sensor = sensor or base_operator(ctx, sensor=True)
                declared = sensor.arguments.get(name) if sensor is not None else None
            if declared is not None and entry.value.start not in refused:
                self._check_type(ctx, name, declared, entry.value)

    def _check_enum(self, ctx, name, value):
        if type(value) is not Scalar or is_dynamic(value) or value.typed is None:
            return
        facts = catalog_for(ctx).airflow_facts()
        allowed = {"trigger_rule": facts.trigger_rules, "weight_rule": facts.weight_rules, "mode": facts.sensor_modes}[name]
        text = str(value.value)
        if text in allowed:
            return
        if name == "weight_rule" and "." in text:
            # Airflow 3 also takes the import path of a priority-weight strategy a plugin registers.
            ctx.report(
                value,
                f"`{text}` is no built-in `weight_rule`; Airflow accepts it only if a plugin registers "
                "it as a priority-weight strategy",
                severity=Severity.WARNING,
            )
            return
        added = catalog_for(ctx).fact_added_in({"trigger_rule": "trigger_rules", "weight_rule": "weight_rules",
                                                "mode": "sensor_modes"}[name], text)
        if added is not None:  # a value of a later Airflow release than the target's
            added_text = catalog_for(ctx).added_wording(f"Airflow {added}")
            ctx.report(value, f"`{text}` is not a valid `{name}` in Airflow {facts.airflow_version} ({added_text}); "
                              "Airflow refuses the task and the DAG does not load")
            return
        options = ", ".join(f"`{item}`" for item in allowed)
        message = f"`{text}` is not a valid `{name}` in Airflow {facts.airflow_version} (one of {options})"
        renamed = RENAMED_TRIGGER_RULES.get(text) if name == "trigger_rule" else None
        suggestion = [renamed] if renamed in allowed else closest(text, allowed)
        fix = None
        if suggestion:
            message = f"`{text}` is not a valid `{name}` in Airflow {facts.airflow_version} (did you mean `{suggestion[0]}`?)"
            fix = Fix(f"Replace with `{suggestion[0]}`", (replace_scalar(ctx.source.text, value, suggestion[0]),), safe=False)
        ctx.report(value, message, fix=fix)

    def _check_timeout(self, ctx, value):
        # Airflow 3.0.6 (task SDK BaseOperator) raises ValueError "execution_timeout must be
        # timedelta object but passed as type: <class 'int'>" for any number there, when DAG
        # Factory 1.0.1 creates the task (checked, in a task and in default_args).
        typed = value.typed if type(value) is Scalar else None
        if isinstance(typed, (int, float)) and not isinstance(typed, bool):
            ctx.report(value, f"`execution_timeout`: Airflow rejects a number here (\"execution_timeout must be "
                              f"timedelta object but passed as type: <class '{type(typed).__name__}'>\") and the DAG "
                              "does not load; write a mapping: `{__type__: datetime.timedelta, seconds: N}`")

    def _check_type(self, ctx, name, declared, value):
        problem = value_mismatch(declared, value)
        if problem:
            ctx.report(value, f"`{name}`: {problem}", severity=Severity.WARNING)
