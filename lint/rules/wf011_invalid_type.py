from __future__ import annotations

from ..diagnostics import Severity
from ..schema import violations_for
from . import Rule, register


@register
class InvalidType(Rule):
    """A value of the wrong type for its key.

    ## What it does
    Checks the types of DAG, `default_args` and task-group values against the format's schema:
    `catchup` is a boolean, `tags` a list of strings, `tasks` a list or a mapping, and so on.

    ## Why is this bad?
    DAG Factory or Airflow rejects the file when it is loaded (for example
    "render_template_as_native_obj should be bool type!"), or a value silently means
    something else than intended.

    ## Example
    ```yaml
    my_dag:
      catchup: "no"        # a string, not a boolean
      tags: analytics      # expected a list
    ```
    """

    code = "WF011"
    name = "invalid-type"
    severity = Severity.ERROR
    file_kinds = frozenset({"workflow", "defaults"})  # a defaults.yml holds DAG-level settings too

    def check_file(self, ctx, workflow):
        root = workflow.root
        top_level = set()
        if workflow.kind == "workflow" and root is not None and hasattr(root, "pairs"):
            top_level = {id(value) for _, value in root.pairs}
        for violation in violations_for(ctx):
            # A DAG or `default` block that is not a mapping is WF005's, with a better message.
            if violation.keyword == "type" and id(violation.node) not in top_level:
                ctx.report(violation.node, violation.message)
