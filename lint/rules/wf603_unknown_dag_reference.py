from __future__ import annotations

from ..diagnostics import Severity
from ..suggest import closest
from . import Rule, register


@register
class UnknownDagReference(Rule):
    """A trigger or an external-task sensor names a DAG or task that the project does not define.

    ## What it does
    Checks `trigger_dag_id` of `TriggerDagRunOperator` and `external_dag_id`,
    `external_task_id` and `external_task_ids` of `ExternalTaskSensor` / `ExternalTaskMarker`
    against the DAGs and tasks of every file linted together, with a did-you-mean. DAGs defined
    elsewhere (in Python) are listed in the configuration's `external-dags`; templated values are
    not judged.

    ## Why is this bad?
    The trigger fails when the task runs (the DAG is not found); the sensor waits for a task that
    never runs until its timeout.

    ## Example
    ```yaml
    notify:
      operator: airflow.providers.standard.operators.trigger_dagrun.TriggerDagRunOperator
      trigger_dag_id: daily_reprot   # did you mean `daily_report`?
    ```
    """

    code = "WF603"
    name = "unknown-dag-reference"
    severity = Severity.WARNING

    def check_project(self, ctx, index):
        for dag in index.dags:
            external = set(ctx.config_for(dag.site.path).external_dags)
            for ref in dag.refs:
                key = "trigger_dag_id" if ref["kind"] == "trigger" else "external_dag_id"
                target = ref["dag"]
                if target in external:
                    continue
                defined = index.by_id.get(target)
                if not defined:
                    suggestion = next(iter(closest(target, list(index.by_id))), None)
                    hint = f" (did you mean `{suggestion}`?)" if suggestion else ""
                    outcome = ("the trigger fails when it runs" if ref["kind"] == "trigger"
                               else "the sensor waits until it times out")
                    ctx.report(ref["site"], f"`{key}` names DAG `{target}`, which no linted file defines{hint}: {outcome}; "
                                            "list DAGs defined elsewhere in `external-dags`")
                    continue
                tasks = {task for entry in defined for task in entry.tasks}
                for task, site in ref["task_sites"]:
                    if task not in tasks:
                        suggestion = next(iter(closest(task, sorted(tasks))), None)
                        hint = f" (did you mean `{suggestion}`?)" if suggestion else ""
                        ctx.report(site, f"`{task}` is not a task of DAG `{target}`{hint}: the sensor waits for it until "
                                         "it times out", related=[ctx.related_at(defined[0].site, f"DAG `{target}`")])
