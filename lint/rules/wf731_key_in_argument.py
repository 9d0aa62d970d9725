from __future__ import annotations

from ..diagnostics import Fix, Severity, TextEdit
from ..operators import task_arguments
from ..yaml.tree import Mapping, Scalar, iter_pairs
from . import Rule, register

# Task keys DAG Factory reads itself: inside an argument's mapping they are just data.
_TASK_KEYS = ("dependencies", "task_group_name", "operator", "decorator", "trigger_rule", "retries", "pool",
              "execution_timeout", "on_failure_callback", "outlets", "inlets")


@register
class KeyInArgument(Rule):
    """A task key indented into the mapping argument above it.

    ## What it does
    Reports a key such as `dependencies:` or `task_group_name:` written inside an operator
    argument whose value is a mapping (`env:`, `op_kwargs:`, `params:`, `parameters:`, ...) when
    the task itself does not have that key: one indentation level too deep, it becomes an entry
    of the argument. The fix moves the line out to the task's level.

    ## Why is this bad?
    Nothing fails: DAG Factory passes `dependencies` to the operator as an entry of `env` and
    the task has no upstream tasks, so it runs at once instead of after them.

    ## Example
    ```yaml
    - task_id: load
      operator: airflow.providers.standard.operators.bash.BashOperator
      bash_command: ./load.sh
      env:
        TARGET: warehouse
        dependencies: [extract]     # meant for the task: one level less
    ```
    """

    code = "WF731"
    name = "key-in-argument"
    severity = Severity.WARNING

    def check_task(self, ctx, task):
        if task.inherited or type(task.node) is not Mapping:
            return
        own = None
        task_key_column = None
        for argument in task_arguments(task):
            if argument.where != "task" or not argument.own or type(argument.value) is not Mapping:
                continue
            if argument.value.flow:
                continue
            for key, _ in iter_pairs(argument.value):
                if type(key) is not Scalar or key.value not in _TASK_KEYS:
                    continue
                if own is None:  # read the task's own keys only when an argument holds a task key
                    own = {k.value for k, _ in iter_pairs(task.node) if type(k) is Scalar}
                    first = next((k for k, _ in iter_pairs(task.node) if type(k) is Scalar), None)
                    task_key_column = ctx.source.line_col(first.start)[1] if first is not None else None
                if key.value in own:
                    continue
                message = (f"`{key.value}` is inside `{argument.written}:`, so it is an entry of that argument, not the "
                           f"task's `{key.value}`")
                if key.value == "dependencies":
                    message += ": the task has no upstream tasks and runs at once"
                message += "; indent it like the task's other keys"
                ctx.report(key, message, fix=self._dedent(ctx, key, argument.value, task_key_column))

    def _dedent(self, ctx, key, mapping, column):
        """Move a one-line entry that is the argument's last to the task's indentation."""
        if column is None or not mapping.pairs or mapping.pairs[-1][0] is not key:
            return None
        text = ctx.source.text
        line_start = text.rfind("\n", 0, key.start) + 1
        indent = text[line_start:key.start]
        if indent.strip() or "\t" in indent:
            return None
        line_end = text.find("\n", key.start)
        line_end = len(text) if line_end < 0 else line_end
        if mapping.end > line_end + 1:
            return None  # the entry's value goes on below: leave it to the author
        return Fix(f"Move `{key.value}` to the task", (TextEdit(line_start, key.start, " " * (column - 1)),), safe=False)
