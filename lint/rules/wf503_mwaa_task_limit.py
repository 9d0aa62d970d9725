from __future__ import annotations

from ..diagnostics import Severity
from ..profiles import profile_for
from ..model.values import duration_seconds, format_seconds
from ..yaml.tree import Scalar
from . import Rule, register


@register
class MwaaTaskLimit(Rule):
    """A task setting beyond MWAA Serverless's limits.

    ## What it does
    With the `mwaa-serverless` profile, checks `retries` (0 to 3), `retry_delay` (at most 300
    seconds) and `execution_timeout` (at most 3,600 seconds) on every task and in
    `default_args` (of the DAG, the `default:` block and defaults.yml).

    ## Why is this bad?
    MWAA Serverless accepts the workflow but the limits are enforced only when the task runs:
    the failure comes at 3 a.m., not at deploy.

    ## Example
    ```yaml
    default_args:
      retries: 5          # at most 3 on MWAA Serverless
      execution_timeout:
        __type__: datetime.timedelta
        hours: 2          # at most 1 hour
    ```
    """

    code = "WF503"
    name = "mwaa-task-limit"
    severity = Severity.ERROR
    profile = "mwaa-serverless"

    def check_dag(self, ctx, dag):
        args = dag.default_args
        if args is None:
            return
        for name in ("retries", "retry_delay", "execution_timeout"):  # retry_delay_sec: ignored since DAG Factory 1.0
            entry = args.get(name)
            if entry is None:
                continue
            problem = _problem(ctx, name, entry.value)
            if problem is None:
                continue
            if entry.layer.path == ctx.path:
                ctx.report(entry.value, f"`default_args.{name}`: {problem}")
            else:
                ctx.report(dag.key, f"DAG `{dag.name}` inherits `default_args.{name}` from {entry.layer.describe(entry.value)}: {problem}",
                           related=[ctx.related_at(entry.value, "the inherited value", entry.layer)])

    def check_task(self, ctx, task):
        for name in ("retries", "retry_delay", "execution_timeout"):
            entry = task.config.get(name)
            if entry is None or entry.inherited:
                continue
            problem = _problem(ctx, name, entry.value)
            if problem is not None:
                ctx.report(entry.value, f"`{name}` of task `{task.id}`: {problem}")


def _problem(ctx, name: str, node) -> str | None:
    limits = profile_for(ctx)["task_limits"]
    if name == "retries":
        value = node.typed if type(node) is Scalar else None
        bounds = limits["retries"]
        if isinstance(value, int) and not isinstance(value, bool) and not bounds["min"] <= value <= bounds["max"]:
            return f"{value} retries; MWAA Serverless allows {bounds['min']} to {bounds['max']} (enforced only when the task runs)"
        return None
    seconds = duration_seconds(node)
    limit = limits["retry_delay" if name.startswith("retry_delay") else "execution_timeout"]["max_seconds"]
    if seconds is not None and seconds > limit:
        return f"{format_seconds(seconds)}; MWAA Serverless allows at most {format_seconds(limit)} (enforced only when the task runs)"
    return None
