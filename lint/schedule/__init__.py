"""Schedules and dates as Airflow 3 and DAG Factory read them: the cron grammar (`cron`),
validity (`validate`), plain-English explanations (`explain`), run times and catch-up counts
(`runs`), dates (`dates`), time zones (`zones`), and the schedule and date values of a DAG
computed once per document for the rules (`checks`, `date_checks`).

Pure functions over strings, except the last two, which read the model. Imports only
`wflint.model`, `wflint.yaml`, `wflint.diagnostics` and `wflint.inputs` (the clock).
"""
