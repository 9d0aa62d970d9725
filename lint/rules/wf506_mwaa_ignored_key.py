from __future__ import annotations

from ..diagnostics import Severity
from ..profiles import profile_for
from ..yaml.tree import Mapping, Scalar, iter_pairs
from . import Rule, register


# Airflow 3.0.6's DAG defaults (DAG() arguments and the [core]/[scheduler] settings they fall
# back to: catchup_by_default False, max_active_runs_per_dag 16,
# max_consecutive_failed_dag_runs_per_dag 0); the catalog has no DAG signature.
DAG_DEFAULTS = {"catchup": False, "max_active_runs": 16, "max_consecutive_failed_dag_runs": 0}
_NO_DEFAULT = object()
EMAIL_FLAGS = ("email_on_failure", "email_on_retry")


def _sets_email(workflow) -> bool:
    """Whether a DAG of the file or one of its tasks has an `email` (its own, from `default_args`
    or inherited) that is not empty."""
    for dag in workflow.dags:
        configs = [dag.default_args, *(task.config for task in dag.tasks)]
        for config in configs:
            entry = config.get("email") if config is not None else None
            if entry is not None and not _changes_nothing(entry.value):
                return True
    return False


def _task_default(ctx, name):
    """A BaseOperator argument's default from the catalog, if it has one."""
    from ..operators import base_operator

    base = base_operator(ctx)
    declared = base.arguments.get(name) if base is not None else None
    if declared is None or not getattr(declared, "has_default", False):
        return _NO_DEFAULT
    return declared.default


def _changes_nothing(value, default=_NO_DEFAULT) -> bool:
    """A null, an empty text / list / mapping, or the default value: nothing to lose."""
    if type(value) is Scalar:
        if value.typed is None or value.typed == "":
            return True
        if default is not _NO_DEFAULT and default is not None and type(value.typed) is type(default):
            return value.typed == default
        return False
    if type(value) is Mapping:
        return not value.pairs
    items = getattr(value, "items", None)
    return isinstance(items, list) and not items


@register
class MwaaIgnoredKey(Rule):
    """A setting MWAA Serverless accepts but ignores.

    ## What it does
    With the `mwaa-serverless` profile, reports DAG keys (and `default_args` keys) that the
    service accepts without effect: `description`, `catchup`, `dagrun_timeout`, `tags`,
    `access_control`, callbacks, `is_paused_upon_creation`, `max_active_runs`,
    `depends_on_past`, `email_on_failure`, `email_on_retry`, `max_consecutive_failed_dag_runs`.

    A value that changes nothing elsewhere either (Airflow's default, `catchup: false`, an
    empty `tags` list or description, a null, `email_on_failure` / `email_on_retry` where no
    task has an `email` to send to) is not reported: the task defaults come from the
    catalog's BaseOperator signature, the DAG defaults from Airflow 3.0.6's DAG and configuration.

    ## Why is this bad?
    The setting looks active but changes nothing; the behaviour you expect (no catch-up, an
    alert on failure, a timeout) does not happen.

    ## Example
    ```yaml
    my_workflow:
      catchup: false        # has no effect on MWAA Serverless
    ```
    """

    code = "WF506"
    name = "mwaa-ignored-key"
    severity = Severity.WARNING
    file_kinds = frozenset({"workflow", "defaults"})  # a defaults.yml holds DAG-level settings too
    profile = "mwaa-serverless"

    def check_file(self, ctx, workflow):
        ignored = profile_for(ctx)["ignored_dag_keys"]
        # Airflow 3.0.6 mails a failure or retry only to a task's `email` (task_runner: `if
        # error and task.email_on_failure and task.email`): without one the flags change nothing.
        # A defaults.yml cannot know what the DAGs that read it set.
        mails = workflow.kind != "workflow" or _sets_email(workflow)
        for mapping in workflow.own_mappings():
            for key, value in iter_pairs(mapping):
                if type(key) is not Scalar:
                    continue
                if key.value in ignored:
                    if not _changes_nothing(value, DAG_DEFAULTS.get(key.value)):
                        self._report(ctx, key, ignored[key.value])
                elif key.value == "default_args" and type(value) is Mapping:
                    for arg, arg_value in iter_pairs(value):
                        if type(arg) is Scalar and arg.value in ignored and arg.value in ("depends_on_past", "email_on_failure", "email_on_retry", "on_failure_callback", "on_success_callback"):
                            if arg.value in EMAIL_FLAGS and not mails:
                                continue
                            if not _changes_nothing(arg_value, _task_default(ctx, arg.value)):
                                self._report(ctx, arg, ignored[arg.value])

    def _report(self, ctx, key, note):
        message = f"MWAA Serverless ignores `{key.value}`: it has no effect"
        if note:
            message += f" ({note})"
        ctx.report(key, message)
