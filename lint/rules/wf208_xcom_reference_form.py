from __future__ import annotations

from ..diagnostics import Severity
from ..model.graph import XCOM_REFERENCE, xcom_references_of
from ..target import dag_factory_feature, dag_factory_has
from . import Rule, register

_KEY = "xcom-reference-key"
_ANY_NAME = "xcom-reference-any-name"


def _plain_name(name: str) -> bool:
    """Whether DAG Factory 1.1.0's `\\w*` reads the whole name (letters, digits, `_`)."""
    return all(ch.isalnum() or ch == "_" for ch in name)


@register
class XcomReferenceForm(Rule):
    """A `+task` output reference in a form the target DAG Factory release does not read.

    ## What it does
    Judges each `+task` / `+task['key']` value against the DAG Factory release of the target
    (`dag-factory` in `[tool.wflint.target]`, the profile, or the newest release):

    - `+task['key']` (one output of a `multiple_outputs` task) needs DAG Factory 1.1.0. Earlier
      releases look up a task named `task['key']` and the file does not load (KeyError).
    - From DAG Factory 1.1.0 on, only names made of letters, digits and `_` are references:
      `+load-data` or `+group.task` reach the function as that text, not as the task's output.

    ## Why is this bad?
    The first fails the whole file on load; the second loads and runs with the wrong value,
    usually failing the task later or, worse, not at all.

    ## Example
    ```yaml
    - task_id: report
      decorator: airflow.sdk.task
      python_callable: jobs.report
      totals: "+collect['totals']"   # DAG Factory 1.0.1: KeyError "collect['totals']"
      rows: +load-data               # DAG Factory 1.1.0: the text "+load-data"
    ```
    """

    code = "WF208"
    name = "xcom-reference-form"
    severity = Severity.ERROR

    def check_task(self, ctx, task):
        if not task.id or task.inherited:
            return
        refs = xcom_references_of(ctx, task)
        if not refs:
            return
        version = ctx.target.dag_factory
        reads_keys = dag_factory_has(_KEY, version)
        reads_any_name = dag_factory_has(_ANY_NAME, version)
        for ref in refs:
            if ref.name not in task.dag.tasks_by_id:
                continue  # WF207 says the task does not exist
            match = XCOM_REFERENCE.match(ref.node.value)
            if match is not None and match.group("key") and not reads_keys:
                feature = dag_factory_feature(_KEY)
                ctx.report(
                    ref.node,
                    f"DAG Factory {version} does not read {feature['what']} (DAG Factory {feature['since']} and later do): "
                    f"it {feature['before']}; {feature['advice']}",
                )
            elif not reads_any_name and not _plain_name(ref.name):
                feature = dag_factory_feature(_ANY_NAME)
                ctx.report(
                    ref.node,
                    f"DAG Factory {version} takes `+{ref.name}` for no output reference (from {feature['until']} on, only task "
                    f"names of letters, digits and `_` are): it {feature['after']}; {feature['advice']}",
                    severity=Severity.WARNING,
                )
