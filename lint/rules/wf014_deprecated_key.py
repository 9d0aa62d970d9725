from __future__ import annotations

from ..diagnostics import Fix, Severity, TextEdit
from ..schema import violations_for
from ..yaml.tree import Scalar, iter_pairs
from . import Rule, register


@register
class DeprecatedKey(Rule):
    """A deprecated DAG key.

    ## What it does
    Reports Airflow 2 DAG settings that DAG Factory still accepts: `concurrency` (DAG Factory
    1.0 passes it on as `max_active_tasks` with a deprecation warning; the fix renames it),
    `default_view`, `orientation`.

    ## Why is this bad?
    The setting looks active but does nothing; the behaviour you expect does not happen.

    ## Example
    ```yaml
    default:
      concurrency: 4        # use max_active_tasks
    ```
    """

    code = "WF014"
    name = "deprecated-key"
    severity = Severity.WARNING
    file_kinds = frozenset({"workflow", "defaults"})  # a defaults.yml holds DAG-level settings too

    def check_file(self, ctx, workflow):
        siblings = {}
        for mapping in workflow.own_mappings():
            names = {k.value for k, _ in iter_pairs(mapping) if type(k) is Scalar}
            for k, _ in iter_pairs(mapping):
                siblings[id(k)] = names
        for violation in violations_for(ctx):
            if violation.keyword == "deprecated":
                taken = "max_active_tasks" in siblings.get(id(violation.node), ())
                ctx.report(violation.node, violation.message, fix=None if taken else self._rename(violation.node))

    @staticmethod
    def _rename(key):
        """`concurrency` -> `max_active_tasks` (safe only when the mapping has no
        `max_active_tasks` already; the key's own text must be plain to be replaced)."""
        if getattr(key, "value", None) != "concurrency" or key.end - key.start != len("concurrency"):
            return None
        return Fix("Rename to `max_active_tasks`", (TextEdit(key.start, key.end, "max_active_tasks"),), safe=True)
