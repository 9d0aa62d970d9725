from __future__ import annotations

from ..diagnostics import Severity
from ..yamltree import Scalar
from . import Rule, register


@register
class DuplicateKey(Rule):
    """A key appears twice in the same mapping.

    ## What it does
    Reports every repeated key in a mapping, at any depth, pointing at the repetition and
    naming the first definition.

    ## Why is this bad?
    DAG Factory loads files with PyYAML, which silently keeps the *last* value. A second
    `tasks:` block or a repeated task in dict form quietly replaces the first one: tasks
    disappear from the DAG without any error.

    ## Example
    ```yaml
    my_dag:
      schedule: "@daily"
      schedule: "@hourly"   # the DAG runs hourly; the first line is dead
    ```
    """

    code = "WF002"
    name = "duplicate-key"
    severity = Severity.ERROR
    file_kinds = frozenset({"workflow", "defaults"})
    needs_valid_yaml = False

    def check_file(self, ctx, workflow):
        for node in workflow.document.mappings:
            if len(node.pairs) < 2:
                continue
            first_seen: dict[str, Scalar] = {}
            for key, _ in node.pairs:
                if type(key) is not Scalar or (key.value == "<<" and key.style is None):
                    continue
                name = key.value
                first = first_seen.get(name)
                if first is None:
                    first_seen[name] = key
                    continue
                line, _ = ctx.source.line_col(first.start)
                ctx.report(
                    key,
                    f"duplicate key `{name}`: PyYAML keeps only this last value and drops the one on line {line}",
                    related=[ctx.related_at(first, f"first `{name}` here")],
                )
