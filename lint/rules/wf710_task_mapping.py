from __future__ import annotations

from ..diagnostics import Fix, Severity
from ..operators import is_python_task, task_arguments
from ..yaml.scalars import replace_scalar
from ..yaml.tree import Mapping, Scalar, Sequence
from . import Rule, register

# Arguments DAG Factory always gives the operator itself: mapping them clashes.
_FIXED_BY_DAG_FACTORY = ("task_id",)


def _output_reference(text: str) -> bool:
    """The forms DAG Factory turns into an upstream task's output for a classic operator's
    `expand:` (`dagbuilder.replace_expand_values`): `task.output` and `XcomArg(task)`."""
    return ".output" in text or "XcomArg" in text


@register
class TaskMapping(Rule):
    """Dynamic task mapping (`expand:` / `partial:`) that DAG Factory or Airflow refuses.

    ## What it does
    For a task with an `operator:` (DAG Factory 1.0.1 and 1.1.0 read `expand:` and `partial:` the
    same way):
    - **error** for `partial:` without `expand:`: DAG Factory looks up `expand` and fails with
      `KeyError: 'expand'`;
    - **error** for an `expand:` value that cannot be mapped: only a list, a mapping or an
      upstream output written `task.output` (or `XcomArg(task)`) can. A `+task` reference is not
      converted for operators (only for `@task` decorator tasks): the fix writes `task.output`.
      Another string fails in `expand()`, a number or boolean already in DAG Factory;
    - **error** for an argument both mapped and given at the task level, in `partial:`, or
      mapped though DAG Factory gives it itself (`task_id`);
    - a key in `partial:` that is also a task-level key: DAG Factory checks only the last key
      of `partial:` (an **error**, "Duplicated partial kwarg") and otherwise lets the value in
      `partial:` silently win (a **warning**).

    For `@task` decorator tasks, `partial:` without `expand:` is silently ignored (a warning).
    Keys of `expand:` that the operator does not take are WF304's.

    ## Why is this bad?
    Airflow raises while the DAG is built and the whole file fails to load:
    "BashOperator.expand() got an unexpected type 'str' for keyword argument bash_command",
    "unmappable or already specified argument: bash_command".

    ## Example
    ```yaml
    - task_id: run
      operator: airflow.providers.standard.operators.bash.BashOperator
      expand:
        bash_command: +list_commands   # operators need: list_commands.output
    ```
    """

    code = "WF710"
    name = "invalid-task-mapping"
    severity = Severity.ERROR

    def check_task(self, ctx, task):
        if task.inherited:
            return
        expand = task.config.get("expand")
        partial = task.config.get("partial")
        if expand is None and partial is None:
            return
        python_task = is_python_task(task)
        if expand is None:
            if partial.layer.kind != "dag":
                return
            if python_task:
                ctx.report(partial.key, "`partial:` without `expand:`: DAG Factory ignores it for a `@task` task and "
                           "calls the function once without these arguments; add `expand:` or move them to the task",
                           severity=Severity.WARNING)
            elif task.operator is not None:
                ctx.report(partial.key, "`partial:` without `expand:`: DAG Factory fails with KeyError: 'expand' and the "
                           "file does not load; add `expand:` with the mapped arguments, or write these arguments on the task")
            return
        if python_task or task.operator is None or type(expand.value) is not Mapping or expand.layer.kind != "dag":
            return
        arguments = task_arguments(task)
        fixed = {a.name: a for a in arguments if a.where == "task"}
        partial_keys = {a.name: a for a in arguments if a.where == "partial"}
        for argument in arguments:
            if argument.where != "expand":
                continue
            self._check_mappable(ctx, argument)
            name = argument.written
            clash = partial_keys.get(name) or fixed.get(name)
            if name in _FIXED_BY_DAG_FACTORY:
                ctx.report(argument.key, f"`{name}` cannot be mapped: DAG Factory gives it to the operator itself; "
                           f"Airflow raises \"unmappable or already specified argument: {name}\"")
            elif clash is not None:
                where = "in `partial:`" if clash.where == "partial" else "on the task"
                ctx.report(argument.key, f"`{name}` is mapped in `expand:` and also given {where}; Airflow raises "
                           f"\"unmappable or already specified argument: {name}\"; keep one of them")
        self._check_partial_duplicates(ctx, partial, fixed)

    def _check_mappable(self, ctx, argument):
        value = argument.value
        if type(value) in (Sequence, Mapping) or type(value) is not Scalar:
            return
        typed = value.typed
        if isinstance(typed, str):
            if "$" in value.value or _output_reference(typed):
                return
            if typed.startswith("+") and len(typed) > 1:
                upstream = typed[1:].strip()
                ctx.report(value, f"DAG Factory converts `+{upstream}` only for `@task` tasks; this operator's `expand()` "
                           "gets the string and Airflow raises \"got an unexpected type 'str'\": write "
                           f"`{upstream}.output`",
                           fix=Fix(f"Write `{upstream}.output`", (replace_scalar(ctx.source.text, value, f"{upstream}.output"),), safe=False))
                return
            ctx.report(value, f"`{argument.written}` maps over a string; Airflow raises \"expand() got an unexpected type "
                       "'str'\" and the file does not load: give a list (`[...]`) or an upstream output (`task.output`)")
            return
        shown = "null" if typed is None else value.value
        ctx.report(value, f"`{argument.written}: {shown}` cannot be mapped; DAG Factory fails (\"argument of type "
                   f"'{type(typed).__name__}' is not iterable\") and the file does not load: give a list or an upstream "
                   "output (`task.output`)")

    def _check_partial_duplicates(self, ctx, partial, fixed):
        if partial is None or type(partial.value) is not Mapping or partial.layer.kind != "dag":
            return
        keys = [k for k, _ in partial.value.pairs if type(k) is Scalar]
        for index, key in enumerate(keys):
            clash = fixed.get(key.value)
            if clash is None or (type(clash.value) is Scalar and clash.value.typed is None):
                continue
            if index == len(keys) - 1:
                ctx.report(key, f"`{key.value}` is in `partial:` and on the task; DAG Factory raises \"Duplicated partial "
                           "kwarg! It's already in task_params.\" and the file does not load; keep one of them")
            else:
                ctx.report(key, f"`{key.value}` is in `partial:` and on the task; DAG Factory silently uses the value in "
                           "`partial:` (it checks only the last key of `partial:`); keep one of them",
                           severity=Severity.WARNING)
