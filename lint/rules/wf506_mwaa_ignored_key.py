from __future__ import annotations

from ..diagnostics import Severity
from ..profiles import profile_for
from ..yaml.tree import Mapping, Scalar, iter_pairs
from . import Rule, register


@register
class MwaaIgnoredKey(Rule):
    """A setting MWAA Serverless accepts but ignores.

    ## What it does
    With the `mwaa-serverless` profile, reports DAG keys (and `default_args` keys) that the
    service accepts without effect: `description`, `catchup`, `dagrun_timeout`, `tags`,
    `access_control`, callbacks, `is_paused_upon_creation`, `max_active_runs`,
    `depends_on_past`, `email_on_failure`, `email_on_retry`, `max_consecutive_failed_dag_runs`.

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
        for mapping in workflow.own_mappings():
            for key, value in iter_pairs(mapping):
                if type(key) is not Scalar:
                    continue
                if key.value in ignored:
                    self._report(ctx, key, ignored[key.value])
                elif key.value == "default_args" and type(value) is Mapping:
                    for arg, _ in iter_pairs(value):
                        if type(arg) is Scalar and arg.value in ignored and arg.value in ("depends_on_past", "email_on_failure", "email_on_retry", "on_failure_callback", "on_success_callback"):
                            self._report(ctx, arg, ignored[arg.value])

    def _report(self, ctx, key, note):
        message = f"MWAA Serverless ignores `{key.value}`: it has no effect"
        if note:
            message += f" ({note})"
        ctx.report(key, message)
