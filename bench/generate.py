"""Generated workflows for benchmarks: realistic Amazon-provider tasks with templates and
dependencies, at any size."""

from __future__ import annotations

OPERATORS = [
    ("airflow.providers.amazon.aws.operators.s3.S3CreateObjectOperator",
     ['s3_bucket: analytics-raw', 's3_key: "exports/{{ ds }}/part_{i}.json"', 'data: "{{ ti.xcom_pull(task_ids=\'task_{prev}\') }}"']),
    ("airflow.providers.amazon.aws.operators.athena.AthenaOperator",
     ['query: "SELECT * FROM raw.events WHERE dt = \'{{ ds }}\' AND part = {i}"', "database: raw",
      "output_location: s3://analytics-athena/results/"]),
    ("airflow.providers.amazon.aws.sensors.s3.S3KeySensor",
     ["bucket_name: analytics-raw", 'bucket_key: "exports/{{ ds_nodash }}/part_{i}.json"', "mode: reschedule",
      "poke_interval: 120"]),
    ("airflow.providers.amazon.aws.operators.lambda_function.LambdaInvokeFunctionOperator",
     ["function_name: enrich-events", 'payload: \'{"part": {i}}\'']),
]


def workflow(tasks: int, groups: int = 10, dict_form: bool = False) -> str:
    """`tasks` generated tasks in `groups` task groups; `dict_form` writes `tasks:` and
    `task_groups:` as mappings keyed by id (DAG Factory's other form) instead of lists."""
    lines = [
        "default:",
        "  default_args:",
        "    owner: analytics",
        "    retries: 2",
        "generated_pipeline:",
        "  description: A generated pipeline for benchmarks",
        '  schedule: "0 6 * * *"',
        "  start_date: 2025-01-01",
        "  catchup: false",
        "  tags: [bench]",
        "  task_groups:",
    ]
    for g in range(groups):
        lines += [f"    stage_{g}:" if dict_form else f"    - group_name: stage_{g}", f"      tooltip: Stage {g}"]
    lines.append("  tasks:")
    for i in range(tasks):
        operator, arguments = OPERATORS[i % len(OPERATORS)]
        lines += [f"    task_{i}:" if dict_form else f"    - task_id: task_{i}", f"      operator: {operator}"]
        lines += ["      " + a.replace("{i}", str(i)).replace("{prev}", str(max(i - 1, 0))) for a in arguments]
        lines.append(f"      task_group_name: stage_{i * groups // tasks}")
        if i:
            upstream = [f"task_{i - 1}"] + ([f"task_{i - 7}"] if i >= 7 else [])
            lines.append(f"      dependencies: [{', '.join(upstream)}]")
    return "\n".join(lines) + "\n"
