from __future__ import annotations

from ..diagnostics import Severity
from ..model.graph import argument_site, literal_references_of
from . import Rule, register


@register
class LiteralOutputReference(Rule):
    """A `+task` output reference where DAG Factory does not read one: the task gets the text.

    ## What it does
    Finds `+task` values that name a task of the DAG where DAG Factory leaves them as they are:
    in every `operator:` task, and in a `decorator:` task anywhere but as the whole value of one
    of its own keys or of a key of its `expand:` / `partial:` (inside a list or a mapping, say).
    DAG Factory 1.0.1 and 1.1.0 replace `+task` by the task's output only in those places.

    ## Why is this bad?
    The operator receives the string `"+load_data"`, not the output of `load_data`, and no
    dependency on `load_data` is made: the task runs too early or with a wrong value, and fails
    when it runs, or worse, succeeds.

    ## Example
    ```yaml
    - task_id: notify
      operator: airflow.providers.standard.operators.bash.BashOperator
      bash_command: +load_data        # the command "+load_data"
    ```
    In a templated argument, pull the output instead:
    ```yaml
      bash_command: "echo {{ ti.xcom_pull(task_ids='load_data') }}"
    ```
    """

    code = "WF743"
    name = "literal-output-reference"
    severity = Severity.WARNING

    def check_task(self, ctx, task):
        if not task.id or task.inherited:
            return
        for ref in literal_references_of(ctx, task):
            if ref.name not in task.dag.tasks_by_id:
                continue  # no task of that name: a string that happens to start with "+"
            if task.decorator is None and argument_site(task, ref.node) == "expand":
                continue  # WF710 says what `expand()` does with the string
            where = ("an operator task's arguments" if task.decorator is None
                     else "a value nested inside an argument")
            ctx.report(
                ref.node,
                f"DAG Factory passes `{ref.node.value}` on as text: it reads `+task` output references only as "
                f"the whole value of a `decorator:` task's argument (or of its `expand:` / `partial:`), not in "
                f"{where}; no dependency on `{ref.name}` is made either. In a templated argument use "
                f"\"{{{{ ti.xcom_pull(task_ids='{ref.name}') }}}}\"",
            )
