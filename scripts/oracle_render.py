"""Render a workflow's templates with real Airflow, as a task would (for proving wflint's verdicts).

Run with the Python of a throw-away Airflow environment, never with wflint's:

    AIRFLOW_HOME=$(mktemp -d) /path/to/airflow-venv/bin/python scripts/oracle_render.py dags/ [task_id ...]

It loads the folder with DAG Factory, then renders every templated field of every task with the
DAG's own template environment and a context built from the classes the task runner uses (the
runtime task instance, the execution API's DagRun model, pendulum dates, the macros accessor), for
a run on 2024-01-31, and prints one JSON line per task: the field and Airflow's error, or "ok".
No task is executed and nothing is written to a database.
"""

from __future__ import annotations

import json
import sys


def main() -> int:
    folder, only = sys.argv[1], set(sys.argv[2:])
    import pendulum
    from dagfactory import load_yaml_dags

    from airflow.sdk.api.datamodels._generated import DagRun
    from airflow.sdk.execution_time.context import ConnectionAccessor, MacrosAccessor, VariableAccessor
    from airflow.sdk.execution_time.task_runner import RuntimeTaskInstance

    found: dict = {}
    load_yaml_dags(globals_dict=found, dags_folder=folder)
    logical = pendulum.datetime(2024, 1, 31, tz="UTC")
    for dag in [value for value in found.values() if type(value).__name__ == "DAG"]:
        for task in dag.tasks:
            if only and task.task_id not in only:
                continue
            ti = RuntimeTaskInstance.model_construct(task_id=task.task_id, dag_id=dag.dag_id, run_id="manual__2024-01-31",
                                                     try_number=1, map_index=-1, task=task)
            dag_run = DagRun.model_construct(dag_id=dag.dag_id, run_id="manual__2024-01-31", logical_date=logical,
                                             data_interval_start=logical, data_interval_end=logical.add(days=1),
                                             run_after=logical, start_date=logical, conf={})
            ds = logical.strftime("%Y-%m-%d")
            context = {
                "dag": dag, "task": task, "ti": ti, "task_instance": ti, "dag_run": dag_run, "run_id": dag_run.run_id,
                "macros": MacrosAccessor(), "params": dict(task.params or {}), "conn": ConnectionAccessor(),
                "var": {"json": VariableAccessor(deserialize_json=True), "value": VariableAccessor(deserialize_json=False)},
                "logical_date": logical, "data_interval_start": logical, "data_interval_end": logical.add(days=1),
                "ds": ds, "ds_nodash": ds.replace("-", ""), "ts": logical.isoformat(),
                "ts_nodash": logical.strftime("%Y%m%dT%H%M%S"), "ts_nodash_with_tz": logical.isoformat().replace("-", "").replace(":", ""),
                "inlets": task.inlets, "outlets": task.outlets,
            }
            jinja_env = dag.get_template_env()
            result = {"dag": dag.dag_id, "task": task.task_id, "fields": {}}
            for field in task.template_fields:
                try:
                    value = getattr(task, field)
                    rendered = task.render_template(value, context, jinja_env)
                    result["fields"][field] = {"ok": repr(rendered)[:200]}
                except Exception as error:  # what the task would fail with
                    result["fields"][field] = {"error": f"{type(error).__name__}: {error}"[:300]}
            print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
