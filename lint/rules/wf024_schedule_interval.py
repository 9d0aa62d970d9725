from __future__ import annotations

from ..diagnostics import Fix, Severity, TextEdit
from ..yaml.tree import Scalar, iter_pairs
from ..yaml.scalars import replace_scalar
from . import Rule, register


@register
class ScheduleInterval(Rule):
    """`schedule_interval` is not supported on Airflow 3.

    ## What it does
    Reports the Airflow 2 key `schedule_interval` and renames it to `schedule`.

    ## Why is this bad?
    DAG Factory refuses it on Airflow 3: "The `schedule_interval` key is no longer supported in
    Airflow 3.0+. Use `schedule` instead." The whole file fails to load.

    ## Example
    ```yaml
    my_dag:
      schedule_interval: "@daily"   # use: schedule: "@daily"
    ```
    """

    code = "WF024"
    name = "schedule-interval"
    severity = Severity.ERROR
    file_kinds = frozenset({"workflow", "defaults"})  # a defaults.yml holds DAG-level settings too

    def check_file(self, ctx, workflow):
        for mapping in workflow.own_mappings():
            self._check_mapping(ctx, mapping)

    def _check_mapping(self, ctx, mapping):
        keys = {k.value: k for k, _ in iter_pairs(mapping) if type(k) is Scalar}
        key = keys.get("schedule_interval")
        if key is None:
            return
        fix = None
        if "schedule" not in keys and key.style is None:
            fix = Fix("Rename `schedule_interval` to `schedule`", (replace_scalar(ctx.source.text, key, "schedule"),))
        message = "`schedule_interval` is rejected by DAG Factory on Airflow 3; use `schedule`"
        if "schedule" in keys:
            message += " (this mapping already has `schedule`: remove this key)"
            fix = _remove_pair(ctx.source, mapping, key)
        ctx.report(key, message, fix=fix)


def _remove_pair(source, mapping, key) -> Fix | None:
    """Delete the `schedule_interval` line of a block mapping (when the pair is alone on its
    lines); an editor fix only."""
    if mapping.flow:
        return None
    value = next((v for k, v in mapping.pairs if k is key), None)
    if value is None:
        return None
    first, last = source.line_of(key.start), source.line_of(max(value.end - 1, key.start))
    start, end = source.line_start(first), source.line_end(last)
    if source.text[start:key.start].strip() or source.text[value.end:end].split("#", 1)[0].strip():
        return None
    stop = source.line_start(last + 1) if last + 1 < source.line_count else end
    return Fix("Remove `schedule_interval`", (TextEdit(start, stop, ""),), safe=False)
