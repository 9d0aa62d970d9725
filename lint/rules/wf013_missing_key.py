from __future__ import annotations

from ..diagnostics import Severity
from ..schema import violations_for
from . import Rule, register


@register
class MissingKey(Rule):
    """A mapping lacks a key the format requires.

    ## What it does
    Reports mappings that lack a required key, such as a `__type__` object without `__type__`.

    ## Why is this bad?
    DAG Factory cannot build the value and the file fails to load.

    ## Example
    ```yaml
    dagrun_timeout:
      seconds: 300        # no __type__: datetime.timedelta
    ```
    """

    code = "WF013"
    name = "missing-key"
    severity = Severity.ERROR

    def check_file(self, ctx, workflow):
        for violation in violations_for(ctx):
            if violation.keyword == "required":
                ctx.report(violation.node, violation.message)
