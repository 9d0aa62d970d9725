from __future__ import annotations

from ..diagnostics import Severity
from . import Rule, register


@register
class CircularGroupNesting(Rule):
    """Task groups nested inside each other in a circle.

    ## What it does
    Follows `parent_group_name` from every group and reports a chain that comes back to where
    it started, once per circle, starting at the first group defined.

    ## Why is this bad?
    DAG Factory refuses the file with "Circular dependency detected" while it nests the groups.

    ## Example
    ```yaml
    task_groups:
      - group_name: a
        parent_group_name: b
      - group_name: b
        parent_group_name: a
    ```
    """

    code = "WF205"
    name = "circular-group-nesting"
    severity = Severity.ERROR

    def check_dag(self, ctx, dag):
        reported: set[str] = set()
        for group in dag.groups:  # definition order: the first group of a circle starts it
            if not group.name or group.name in reported:
                continue
            chain = [group]
            names = {group.name}
            current = group
            while current.parent is not None:
                parent = dag.groups_by_name.get(current.parent.name)
                if parent is None:
                    break
                if parent.name in names:
                    if parent is group:
                        path = " -> ".join([g.name for g in chain] + [group.name])
                        related = [ctx.related_at(g.parent.node, f"`{g.name}` is nested in `{g.parent.name}`") for g in chain]
                        ctx.report(group.parent.node, f"circular task group nesting: {path}", related=related)
                        reported.update(g.name for g in chain)
                    break
                chain.append(parent)
                names.add(parent.name)
                current = parent
