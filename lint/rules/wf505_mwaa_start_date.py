from __future__ import annotations

import datetime as dt
import re

from ..diagnostics import Severity
from ..yaml.tree import Mapping, Scalar, iter_pairs
from . import Rule, register

# DAG Factory's relative dates ("2 days", "3 hours ago" ...): MWAA Serverless wants a fixed date.
RELATIVE = re.compile(r"^\s*\d+\s*(second|minute|hour|day|week|month|year)s?(\s+ago)?\s*$", re.IGNORECASE)
DATE_TYPES = ("datetime.datetime", "datetime.date")
TIME_FIELDS = ("hour", "minute", "second", "microsecond")


@register
class MwaaStartDate(Rule):
    """A `start_date` / `end_date` that MWAA Serverless does not accept as written.

    ## What it does
    With the `mwaa-serverless` profile, checks `start_date` and `end_date` at DAG level and in
    `default_args`. It accepts what AWS's own tools write: a date (`2024-06-15`, quoted or not)
    and a `__type__: datetime.datetime` mapping (the workflow converter's form). It reports a
    relative date such as `2 days` or any other text that is not a date (error), and a date with
    a time that is not midnight (warning).

    ## Why is this bad?
    MWAA Serverless validates the dates when the workflow is created: relative dates are
    refused, and a time of day is not how its schedules are anchored.

    ## Example
    ```yaml
    start_date: 2 days              # write a date: 2025-01-01
    end_date: 2025-01-01T06:00:00   # write 2025-01-01
    ```
    """

    code = "WF505"
    name = "mwaa-start-date"
    severity = Severity.ERROR
    profile = "mwaa-serverless"

    def check_dag(self, ctx, dag):
        for name in ("start_date", "end_date"):
            entry = dag.config.get(name)
            if entry is not None and entry.layer.path == ctx.path:
                self._check(ctx, name, entry.value)
        merged = dag.default_args
        if merged is not None:
            for name in ("start_date", "end_date"):
                entry = merged.get(name)
                if entry is not None and entry.layer.path == ctx.path:
                    self._check(ctx, name, entry.value)

    def _check(self, ctx, name, value):
        if id(value) in ctx.cache.setdefault("wf505", set()):
            return  # a `default:` block value is shared by every DAG of the file
        ctx.cache["wf505"].add(id(value))
        if type(value) is Mapping:
            self._check_mapping(ctx, name, value)
            return
        if type(value) is not Scalar:
            return
        typed = value.typed
        if isinstance(typed, dt.datetime):
            self._check_time(ctx, name, value, typed.time())
            return
        if isinstance(typed, dt.date) or not isinstance(typed, str):
            return  # a date, or a type error WF011 reports
        text = typed.strip()
        if "$" in text or "{{" in text:
            return
        if RELATIVE.match(text):
            ctx.report(value, f"MWAA Serverless does not accept the relative date `{text}` for `{name}`: write a date (YYYY-MM-DD)")
            return
        try:
            parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            ctx.report(value, f"MWAA Serverless accepts `{name}` only as a date (YYYY-MM-DD); `{text}` is not one")
            return
        self._check_time(ctx, name, value, parsed.time())

    def _check_mapping(self, ctx, name, value):
        fields = {k.value: v for k, v in iter_pairs(value) if type(k) is Scalar}
        kind = fields.get("__type__")
        if type(kind) is not Scalar or kind.value not in DATE_TYPES:
            return  # not a date object: WF701 / WF702 judge other `__type__` mappings
        times = [fields[f].typed for f in TIME_FIELDS if type(fields.get(f)) is Scalar]
        if any(isinstance(t, int) and t != 0 for t in times):
            ctx.report(value, f"`{name}` has a time of day: MWAA Serverless expects a date at midnight (YYYY-MM-DD)",
                       severity=Severity.WARNING)

    def _check_time(self, ctx, name, value, time):
        if time.replace(tzinfo=None) != dt.time(0, 0):
            ctx.report(value, f"`{name}` has a time of day ({time:%H:%M}): MWAA Serverless expects a date at midnight (YYYY-MM-DD)",
                       severity=Severity.WARNING)
