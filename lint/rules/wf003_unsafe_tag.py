from __future__ import annotations

from ..diagnostics import Severity
from . import Rule, register


@register
class UnsafeTag(Rule):
    """A YAML tag that builds an arbitrary Python object.

    ## What it does
    Reports tags such as `!!python/object:...`, `!!python/name:...` or custom `!Tag`s. wflint
    never constructs them.

    ## Why is this bad?
    DAG Factory loads workflow files with PyYAML's FullLoader, which refuses most Python tags
    and would construct others; either way the file does not mean what plain YAML says. Use
    DAG Factory's `__type__` notation to build objects instead.

    ## Example
    ```yaml
    retry_delay: !!python/object/apply:datetime.timedelta [0, 300]
    # instead:
    retry_delay:
      __type__: datetime.timedelta
      seconds: 300
    ```
    """

    code = "WF003"
    name = "unsafe-tag"
    severity = Severity.ERROR
    file_kinds = frozenset({"workflow", "defaults"})
    needs_valid_yaml = False

    def check_file(self, ctx, workflow):
        for problem in workflow.document.problems:
            if problem.kind == "tag":
                ctx.report((problem.start, problem.end), problem.message)
