from __future__ import annotations

from ..diagnostics import Severity
from ..operators import argument_name, base_operator, operator_of, task_arguments
from ..yaml.tree import Mapping, Scalar
from . import Rule, register


@register
class DeprecatedArgument(Rule):
    """An argument that Airflow 3 or the provider deprecates or no longer honours.

    ## What it does
    Reports task keys (and keys of the DAG's, the `default:` block's and task groups'
    `default_args`) that name an argument the catalog marks as deprecated, with the reason and
    replacement Airflow gives: `sla` ("The SLA feature is removed in Airflow 3.0"), `email`,
    `email_on_failure`, `email_on_retry` (use a notifier), a provider's old `region` (use
    `region_name`). DAG Factory's `sla_secs` becomes `sla` and is reported too.

    ## Why is this bad?
    The argument has no effect or only a warning today, and it will be rejected once it is
    removed.

    ## Example
    ```yaml
    default_args:
      email_on_failure: true    # deprecated: use SmtpNotifier in on_failure_callback
    ```
    """

    code = "WF307"
    name = "deprecated-argument"
    severity = Severity.WARNING

    def check_task(self, ctx, task):
        if task.inherited:
            return
        resolved = operator_of(ctx, task)
        if resolved is None or resolved.info is None:
            return
        for argument in task_arguments(task):
            declared = resolved.info.arguments.get(argument.name)
            if argument.own and declared is not None and declared.deprecated:
                self._report(ctx, argument.key, argument.written, argument.name, declared.deprecated)

    def check_dag(self, ctx, dag):
        merged = dag.default_args
        if merged is not None:
            self._check_default_args(ctx, [(e.key, e.value) for e in merged.entries.values() if e.layer.kind == "dag"])

    def check_group(self, ctx, group):
        merged = group.config.sub("default_args")
        if merged is not None and not group.inherited:
            self._check_default_args(ctx, [(e.key, e.value) for e in merged.entries.values() if e.layer.kind == "dag"])

    def check_file(self, ctx, workflow):
        block = workflow.default_block
        if block is None or type(block.value) is not Mapping:
            return
        for key, value in block.value.pairs:
            if type(key) is Scalar and key.value == "default_args" and type(value) is Mapping:
                self._check_default_args(ctx, [(k, v) for k, v in value.pairs if type(k) is Scalar])

    def _check_default_args(self, ctx, pairs):
        base = base_operator(ctx)
        if base is None:
            return
        for key, _ in pairs:
            name = argument_name(key.value) or key.value
            declared = base.arguments.get(name)
            if declared is not None and declared.deprecated:
                self._report(ctx, key, key.value, name, declared.deprecated)

    def _report(self, ctx, key, written, name, reason):
        shown = f"`{written}`" if written == name else f"`{written}` (DAG Factory passes it as `{name}`)"
        ctx.report(key, f"{shown} is deprecated: {reason.rstrip('.')}")
