from __future__ import annotations

from ..diagnostics import Fix, Severity, TextEdit
from ..yaml.tree import Mapping, Scalar, iter_pairs
from . import Rule, register


def _schedule_kind(value) -> str | None:
    """The key of schemas/dag-checks.json's `schedules` a `schedule` value falls under, or None
    when it is not a plain preset, cron or null (assets, templated, objects: judged elsewhere)."""
    if type(value) is Scalar:
        typed = value.typed
        if typed is None:
            return "none"
        if isinstance(typed, str) and "$" not in typed and "{{" not in typed:
            return typed if typed.startswith("@") else "cron"
        return None
    if type(value) is Mapping:  # `__type__: airflow.timetables.simple.ContinuousTimetable`
        for key, item in iter_pairs(value):
            if type(key) is Scalar and key.value == "__type__" and type(item) is Scalar and isinstance(item.typed, str):
                return "class:" + item.typed.rpartition(".")[2]
    return None


@register
class RefusedByDag(Rule):
    """A DAG setting that Airflow's DAG class refuses when DAG Factory builds the DAG.

    ## What it does
    Judges the DAG's effective settings (after the `default:` block, defaults.yml and
    `default_args`) against the validators of the target Airflow's `DAG`, as recorded from the
    real class of each release (`schemas/dag-checks.json`, written by
    `lint/catalog/dag_checks.py` inside Airflow 3.0.6 and 3.3.2 environments):

    - a schedule that limits active runs (`@continuous`: one at a time) with a larger
      `max_active_runs`, Airflow's default of 16 included;
    - `catchup: true` on a scheduled DAG without a `start_date`.

    These validators compare two settings (or a setting and the timetable it makes), so they are
    not among the single-field validators WF750 evaluates (a tag over 100 characters, a
    `dagrun_timeout` that is not a timedelta).

    ## Why is this bad?
    Airflow raises `ValueError` while the DAG is built, so DAG Factory cannot load the file and
    every DAG in it is missing from Airflow.

    ## Example
    ```yaml
    streaming_dag:
      schedule: "@continuous"
      max_active_runs: 1        # required: Airflow's default of 16 is refused
      start_date: 2024-01-01
    ```
    """

    code = "WF760"
    name = "refused-by-dag"
    severity = Severity.ERROR

    def check_dag(self, ctx, dag):
        from ..catalog.dag_checks import dag_checks_for

        facts = dag_checks_for(ctx.target.airflow)
        if facts is None:
            return
        airflow = f"Airflow {facts['airflow_version']}"
        refusals = facts["refusals"]
        schedule = dag.config.get("schedule")
        kind = _schedule_kind(schedule.value) if schedule is not None else "none"
        shape = self._schedule_facts(facts, kind)
        if shape is not None and shape["active_runs_limit"] is not None and "max_active_runs" in refusals:
            self._check_active_runs(ctx, dag, schedule, shape, facts, airflow)
        catchup = dag.config.get("catchup")
        if (catchup is not None and type(catchup.value) is Scalar and catchup.value.typed is True
                and shape is not None and shape["scheduled"] and "catchup_without_start_date" in refusals
                and not self._has_start_date(dag)):
            ctx.report_entry(dag, catchup, f"`catchup: true` on a scheduled DAG without a `start_date`: {airflow} "
                             f"refuses the DAG (\"{refusals['catchup_without_start_date']}\"); add a `start_date` "
                             "(in the DAG or its `default_args`), or set `catchup: false`")

    @staticmethod
    def _schedule_facts(facts, kind):
        if kind is None:
            return None
        if kind.startswith("class:"):
            name = kind[len("class:"):]
            return next((entry for entry in facts["schedules"].values() if entry["timetable"] == name), None)
        return facts["schedules"].get(kind, facts["schedules"].get("cron") if not kind.startswith("@") else None)

    @staticmethod
    def _has_start_date(dag) -> bool:
        if dag.config.get("start_date") is not None:
            return True
        default_args = dag.default_args
        return default_args is not None and default_args.get("start_date") is not None

    def _check_active_runs(self, ctx, dag, schedule, shape, facts, airflow):
        limit = shape["active_runs_limit"]
        runs = dag.config.get("max_active_runs")
        if runs is None:
            if schedule is None:
                return
            shown = schedule.value.value if type(schedule.value) is Scalar else shape["timetable"]
            ctx.report_entry(dag, schedule, f"`{shown}` allows at most {limit} active DAG run, and `max_active_runs` "
                             f"is not set, so it is {facts['default_max_active_runs']} (Airflow's default): {airflow} "
                             f"refuses the DAG (\"{facts['refusals']['max_active_runs']}\"); add "
                             f"`max_active_runs: {limit}`", fix=self._add_after(ctx, schedule, f"max_active_runs: {limit}"))
            return
        value = runs.value
        if type(value) is not Scalar or not isinstance(value.typed, int) or isinstance(value.typed, bool):
            return
        if value.typed <= limit:
            return
        fix = None
        if runs.layer.path == ctx.path:
            fix = Fix(f"Set `max_active_runs: {limit}`", (TextEdit(value.start, value.end, str(limit)),), safe=False)
        related = [ctx.related_at(schedule.value, "the schedule", schedule.layer)] if schedule is not None else []
        ctx.report_entry(dag, runs, f"`max_active_runs: {value.typed}` with a `{shape['timetable']}` schedule: "
                         f"{airflow} refuses the DAG (\"{facts['refusals']['max_active_runs']}\")",
                         fix=fix, related=related)

    @staticmethod
    def _add_after(ctx, entry, line: str) -> Fix | None:
        """Insert `line` as a sibling key after a block-style `key: value` written on one line."""
        if entry.layer.path != ctx.path or type(entry.value) is not Scalar:
            return None
        text = ctx.source.text
        line_start = text.rfind("\n", 0, entry.key.start) + 1
        line_end = text.find("\n", entry.value.end)
        line_end = len(text) if line_end == -1 else line_end
        if text[line_end - 1:line_end] == "\r":
            line_end -= 1
        before = text[line_start:entry.key.start]
        if before.strip() or "\n" in text[entry.key.start:entry.value.end]:
            return None  # a flow mapping or a multi-line value: no safe place for a new line
        indent = " " * (entry.key.start - line_start)
        newline = "\r\n" if text[line_end:line_end + 2] == "\r\n" else "\n"
        return Fix(f"Add `{line}`", (TextEdit(line_end, line_end, f"{newline}{indent}{line}"),), safe=False)
