from __future__ import annotations

from ..diagnostics import Fix, Severity
from ..yaml.scalars import replace_scalar
from ..yaml.tree import Scalar
from . import Rule, register


@register
class UnknownTimezone(Rule):
    """A `timezone` that is not an IANA time zone name.

    ## What it does
    Checks the DAG's `timezone` (and `default_args.timezone`) against the IANA time zone
    database, with a did-you-mean (`Europe/berlin` -> `Europe/Berlin`, `CET`, `EST` ...).

    ## Why is this bad?
    DAG Factory builds dates with `pendulum.timezone(...)`, which raises for an unknown name,
    and the file does not load.

    ## Example
    ```yaml
    timezone: Europe/Berln     # did you mean Europe/Berlin?
    ```
    """

    code = "WF106"
    name = "unknown-timezone"
    severity = Severity.ERROR

    def check_dag(self, ctx, dag):
        from ..schedule.zones import is_valid_timezone

        candidates = [dag.config.get("timezone")]
        if dag.default_args is not None:
            candidates.append(dag.default_args.get("timezone"))
        for entry in candidates:
            if entry is None or type(entry.value) is not Scalar or not isinstance(entry.value.typed, str):
                continue
            name = entry.value.typed
            if "$" in name:
                continue
            check = is_valid_timezone(name)
            if check.valid:
                continue
            fix = None
            if check.suggestion and entry.layer.path == ctx.path:
                value = entry.value
                fix = Fix(f"Use `{check.suggestion}`", (replace_scalar(ctx.source.text, value, check.suggestion),), safe=False)
            ctx.report_entry(dag, entry, check.message or f"unknown timezone '{name}'", fix=fix)
