from __future__ import annotations

from ..diagnostics import Severity
from ..operators import advice_at_target, argument_name, base_operator, operator_of, task_arguments
from ..yaml.tree import Mapping, Scalar
from . import Rule, register


# Airflow 3.0.6 (BaseOperator.__init__) warns about these only `if email and ...`.
EMAIL_FLAGS = frozenset({"email_on_failure", "email_on_retry"})


def _inherited_email(dag, task=None) -> list:
    """The `email` values a task (or any task of the DAG) may receive from `default_args`."""
    found = []
    if dag is None:
        return found
    merged = dag.default_args
    entry = merged.get("email") if merged is not None else None
    if entry is not None:
        found.append(entry.value)
    groups = [dag.groups_by_name.get(task.group.name)] if task is not None and task.group is not None else []
    for group in groups:
        sub = group.config.sub("default_args") if group is not None else None
        entry = sub.get("email") if sub is not None else None
        if entry is not None:
            found.append(entry.value)
    return found


def _email_set(values) -> bool:
    """Whether one of the `email` values is truthy as Airflow sees it (a template counts)."""
    for value in values:
        if type(value) is Scalar:
            if value.typed not in (None, "", False):
                return True
        elif value is not None and getattr(value, "items", None) != []:
            return True
    return False


@register
class DeprecatedArgument(Rule):
    """An argument that Airflow 3 or the provider deprecates or no longer honours.

    ## What it does
    Reports task keys (and keys of the DAG's, the `default:` block's and task groups'
    `default_args`) that name an argument the catalog marks as deprecated, with the reason and
    replacement Airflow gives: `sla` ("The SLA feature is removed in Airflow 3.0"), `email`,
    `email_on_failure`, `email_on_retry` (use a notifier; Airflow 3.0.6 warns about these two
    only when `email` is set too, so they are reported only then), a provider's old `region` (use
    `region_name`).

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
        arguments = task_arguments(task)
        email = _email_set([a.value for a in arguments if a.name == "email"] + _inherited_email(task.dag, task))
        for argument in arguments:
            declared = resolved.info.arguments.get(argument.name)
            if argument.name in EMAIL_FLAGS and not email:
                continue
            if argument.own and declared is not None and declared.deprecated:
                self._report(ctx, argument.key, argument.written, argument.name, declared.deprecated, resolved.info)

    def check_dag(self, ctx, dag):
        merged = dag.default_args
        if merged is not None:
            self._check_default_args(ctx, [(e.key, e.value) for e in merged.entries.values() if e.layer.kind == "dag"],
                                     _email_set(_inherited_email(dag)))

    def check_group(self, ctx, group):
        merged = group.config.sub("default_args")
        if merged is not None and not group.inherited:
            own = merged.get("email")
            self._check_default_args(ctx, [(e.key, e.value) for e in merged.entries.values() if e.layer.kind == "dag"],
                                     _email_set(([own.value] if own is not None else []) + _inherited_email(group.dag)))

    def check_file(self, ctx, workflow):
        block = workflow.default_block
        if block is None or type(block.value) is not Mapping:
            return
        for key, value in block.value.pairs:
            if type(key) is Scalar and key.value == "default_args" and type(value) is Mapping:
                pairs = [(k, v) for k, v in value.pairs if type(k) is Scalar]
                # a DAG or task may still set `email`: judge the flags where they are combined
                email = any(k.value == "email" for k, _ in pairs) or any(_email_set(_inherited_email(d)) for d in workflow.dags)
                self._check_default_args(ctx, pairs, email)

    def _check_default_args(self, ctx, pairs, email=True):
        base = base_operator(ctx)
        if base is None:
            return
        for key, value in pairs:
            name = argument_name(key.value) or key.value
            if name in EMAIL_FLAGS and not (email or _email_set([v for k, v in pairs if k.value == "email"])):
                continue
            declared = base.arguments.get(name)
            if declared is not None and declared.deprecated:
                self._report(ctx, key, key.value, name, declared.deprecated, base)

    def _report(self, ctx, key, written, name, reason, info):
        # The replacement it advises may come in a later release than the target's.
        reason = advice_at_target(ctx, info, reason, argument=name)
        shown = f"`{written}`" if written == name else f"`{written}` (DAG Factory passes it as `{name}`)"
        ctx.report(key, f"{shown} is deprecated: {reason.rstrip('.')}")
