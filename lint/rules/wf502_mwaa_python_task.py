from __future__ import annotations

from ..diagnostics import Severity
from . import Rule, register

PYTHON_KEYS = ("decorator", "python_callable", "python_callable_file", "python_callable_name")


@register
class MwaaPythonTask(Rule):
    """A Python task on MWAA Serverless.

    ## What it does
    With the `mwaa-serverless` profile, reports TaskFlow `decorator` tasks and tasks that run a
    Python callable (`python_callable`, `python_callable_file`).

    ## Why is this bad?
    MWAA Serverless runs no custom Python code: workflows use Amazon provider operators, and
    custom logic runs in AWS services (Lambda, Glue, ECS, ...).

    ## Example
    ```yaml
    - task_id: transform
      decorator: airflow.sdk.task
      python_callable: jobs.transform     # run it as a Lambda function instead
    ```
    """

    code = "WF502"
    name = "mwaa-python-task"
    severity = Severity.ERROR
    profile = "mwaa-serverless"

    def check_task(self, ctx, task):
        for key in PYTHON_KEYS:
            entry = task.config.get(key)
            if entry is not None and not entry.inherited:
                ctx.report(entry.key, f"MWAA Serverless runs no custom Python code: `{key}` tasks are not supported; "
                                      "use an Amazon provider operator (e.g. LambdaInvokeFunctionOperator)")
                return
