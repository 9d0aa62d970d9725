from __future__ import annotations

from ..diagnostics import Fix, Severity
from ..yaml.tree import Scalar, iter_pairs
from ..yaml.scalars import replace_scalar
from . import Rule, register


@register
class TimetableArgument(Rule):
    """The `timetable` DAG key, removed in Airflow 3.

    ## What it does
    Reports `timetable:` in a DAG or the `default:` block and offers to rename it to
    `schedule`, which takes the same `__type__` timetable object on Airflow 3.

    ## Why is this bad?
    DAG Factory passes it on and Airflow 3 refuses the DAG:
    "DAG.__init__() got an unexpected keyword argument 'timetable'".

    ## Example
    ```yaml
    timetable:                   # use: schedule:
      __type__: airflow.timetables.trigger.CronTriggerTimetable
      cron: "0 1 * * 3"
      timezone: UTC
    ```
    """

    code = "WF108"
    name = "timetable-argument"
    severity = Severity.ERROR
    file_kinds = frozenset({"workflow", "defaults"})  # a defaults.yml holds DAG-level settings too

    def check_file(self, ctx, workflow):
        for mapping in workflow.own_mappings():
            keys = {k.value: k for k, _ in iter_pairs(mapping) if type(k) is Scalar}
            key = keys.get("timetable")
            if key is None:
                continue
            fix = None
            message = "`timetable` was removed in Airflow 3; pass the timetable as `schedule`"
            if "schedule" in keys:
                message += " (this DAG also has `schedule`: keep one)"
            elif key.style is None:
                fix = Fix("Rename `timetable` to `schedule`", (replace_scalar(ctx.source.text, key, "schedule"),))
            ctx.report(key, message, fix=fix)
