from __future__ import annotations

from ..diagnostics import Fix, Severity, TextEdit
from ..operators import describe_seconds, effective, is_dynamic, operator_of, seconds
from ..yaml.scalars import replace_scalar
from ..yaml.tree import Mapping, Scalar
from . import Rule, register

# A sensor that may poke longer than this holds a worker slot long enough to matter.
LONG_POKE_SECONDS = 3600
# Airflow's `[sensors] default_timeout`: a sensor without `timeout` waits up to 7 days.
DEFAULT_SENSOR_TIMEOUT = 7 * 24 * 3600


@register
class LongPokeSensor(Rule):
    """A sensor in `poke` mode that may wait for more than an hour.

    ## What it does
    For every sensor task, works out the effective `mode` (the task's, its task groups' and the
    DAG's `default_args`, else the sensor's default `poke`), `deferrable` and `timeout` (default:
    Airflow's `[sensors] default_timeout`, 7 days). Reports a sensor that pokes (not deferrable)
    with a timeout over one hour, and offers a quick fix that sets `mode: reschedule` (an editor
    fix only: it changes how the task runs).

    ## Why is this bad?
    In `poke` mode the sensor occupies a worker slot for its whole wait, sleeping between
    checks: on Amazon MWAA that is Fargate capacity paid for and unavailable to other tasks.
    `mode: reschedule` frees the slot between checks; `deferrable: true` hands the wait to the
    triggerer.

    ## Example
    ```yaml
    - task_id: wait_for_export
      operator: airflow.providers.amazon.aws.sensors.s3.S3KeySensor
      bucket_key: s3://exports/{{ ds }}/done
      poke_interval: 300      # no mode: pokes, holding a slot for up to 7 days
    ```
    """

    code = "WF308"
    name = "long-poke-sensor"
    severity = Severity.WARNING

    def check_task(self, ctx, task):
        if task.inherited or not task.id:
            return
        resolved = operator_of(ctx, task)
        if resolved is None or resolved.info is None or resolved.info.kind != "sensor":
            return
        info = resolved.info
        mode = effective(task, "mode")
        if mode is not None:
            if type(mode.value) is not Scalar or is_dynamic(mode.value) or mode.value.value != "poke":
                return
        elif (info.arguments.get("mode") is None) or info.arguments["mode"].default != "poke":
            return
        deferrable = effective(task, "deferrable")
        if deferrable is not None:
            if type(deferrable.value) is not Scalar or deferrable.value.typed is not False:
                return  # true, or decided at run time
        elif "deferrable" in info.arguments and info.arguments["deferrable"].default is not False:
            return  # deferrable by default (or by configuration)
        timeout = effective(task, "timeout")
        if timeout is None:
            wait, where = DEFAULT_SENSOR_TIMEOUT, "Airflow's default timeout"
        else:
            wait = seconds(timeout.value)
            if wait is None:
                return
            where = f"`timeout: {timeout.value.value}`" if type(timeout.value) is Scalar else "its `timeout`"
        if wait <= LONG_POKE_SECONDS:
            return
        alternative = " or `deferrable: true`" if "deferrable" in info.arguments else ""
        how = "`mode: poke`" if mode is not None else "poke mode (the default)"
        message = (
            f"{info.name} `{task.id}` runs in {how} and may wait {describe_seconds(wait)} ({where}), holding "
            f"a worker slot the whole time; use `mode: reschedule`{alternative}"
        )
        target, fix = self._fix(ctx, task, mode)
        ctx.report(target, message, fix=fix)

    def _fix(self, ctx, task, mode):
        """Where to report, and a fix setting `mode: reschedule` in the task itself."""
        if mode is not None and mode.own and mode.where == "task":
            return mode.value, Fix("Set `mode: reschedule`", (replace_scalar(ctx.source.text, mode.value, "reschedule"),), safe=False)
        operator = task.operator
        if operator.inherited or type(task.node) is not Mapping or task.node.flow:
            return task.id_node, None
        text = ctx.source.text
        line_start = text.rfind("\n", 0, operator.key.start) + 1
        indent = "".join(" " if char != "\t" else char for char in text[line_start:operator.key.start])
        line_end = text.find("\n", operator.value.end)
        newline = "\n"
        if line_end < 0:
            line_end = len(text)
        elif line_end > 0 and text[line_end - 1] == "\r":
            line_end, newline = line_end - 1, "\r\n"
        edit = TextEdit(line_end, line_end, f"{newline}{indent}mode: reschedule")
        return operator.value, Fix("Add `mode: reschedule`", (edit,), safe=False)
