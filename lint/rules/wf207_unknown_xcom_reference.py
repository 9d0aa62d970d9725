from __future__ import annotations

from ..diagnostics import Severity
from ..model.graph import xcom_references_of
from ..model.workflow import ref_replacement
from . import Rule, register


@register
class UnknownXcomReference(Rule):
    """A `+task` output reference to a task that does not exist.

    ## What it does
    Checks values of the form `+task` or `+task['key']` (which pass another task's output) and
    `expand` arguments against the task ids of the DAG.

    ## Why is this bad?
    DAG Factory fails with a `KeyError` while it resolves the reference, and the file does not
    load.

    ## Example
    ```yaml
    - task_id: report
      decorator: airflow.sdk.task
      python_callable: jobs.report
      rows: +extrat            # did you mean `extract`?
    ```
    """

    code = "WF207"
    name = "unknown-xcom-reference"
    severity = Severity.ERROR

    def check_task(self, ctx, task):
        if not task.id or task.inherited:
            return
        dag = task.dag
        for ref in xcom_references_of(ctx, task):
            if ref.name in dag.tasks_by_id:
                if ref.name == task.id:
                    ctx.report((ref.start - 1, ref.end), f"task `{task.id}` uses its own output")
                continue
            hint, fix = ref_replacement(ref, dag.tasks_by_id)
            ctx.report((ref.start - 1, ref.end), f"`+{ref.name}` refers to no task of DAG `{dag.name}`{hint}", fix=fix)
