from __future__ import annotations

from ..diagnostics import Severity
from ..yaml.tree import Mapping, type_name
from . import Rule, register


@register
class NotAMapping(Rule):
    """A workflow file or DAG whose configuration is not a mapping.

    ## What it does
    Reports a workflow file whose top level is not a mapping of DAG names to configurations,
    and a DAG (or the `default` block) whose value is not a mapping.

    ## Why is this bad?
    DAG Factory iterates over the top-level mapping and reads each DAG's configuration as a
    mapping; anything else fails to load, or (for an empty value) builds no DAG.

    ## Example
    ```yaml
    my_dag:            # an empty value: no configuration at all
    other_dag: "@daily"
    ```
    """

    code = "WF005"
    name = "not-a-mapping"
    severity = Severity.ERROR

    def check_file(self, ctx, workflow):
        root = workflow.root
        if root is not None and type(root) is not Mapping:
            ctx.report(root, f"a workflow file must be a mapping of DAG names to their configuration, not {_a(root)}")
        block = workflow.default_block
        if block is not None and type(block.value) is not Mapping:
            ctx.report(block.value if block.value.end > block.value.start else block.key,
                       f"the `default` block must be a mapping, not {_a(block.value)}")

    def check_dag(self, ctx, dag):
        if type(dag.node) is not Mapping:
            target = dag.node if dag.node.end > dag.node.start else dag.key
            ctx.report(target, f"DAG `{dag.name}` must be a mapping of settings, not {_a(dag.node)}")


def _kind(node) -> str:
    from ..yaml.tree import Scalar, Sequence

    if type(node) is Sequence:
        return "list"
    if type(node) is Scalar:
        return "null value" if node.typed is None else type_name(node.typed)
    return "mapping"


def _a(node) -> str:
    kind = _kind(node)
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"
