from __future__ import annotations

from ..diagnostics import Fix, Severity
from ..yaml.tree import Mapping, Scalar, mapping_get
from ..yaml.scalars import replace_scalar
from . import Rule, register


@register
class DagIdMismatch(Rule):
    """A `dag_id` value that differs from the DAG's top-level key.

    ## What it does
    Reports a `dag_id` that does not match the key the DAG is defined under, and offers to
    make them equal; and a `dag_id` in the file's `default` block, which no DAG takes.

    ## Why is this bad?
    DAG Factory always names the DAG after its top-level key and overwrites `dag_id`; the DAG
    in Airflow is not called what the `dag_id` line says, which breaks triggers and links
    that use that name.

    ## Example
    ```yaml
    sales_daily:
      dag_id: sales_report     # the DAG is still called sales_daily
    ```
    """

    code = "WF022"
    name = "dag-id-mismatch"
    severity = Severity.WARNING

    def check_file(self, ctx, workflow):
        block = workflow.default_block
        if block is None or type(block.value) is not Mapping:
            return
        found = mapping_get(block.value, "dag_id")
        if found is not None:
            ctx.report(found[0], "`dag_id` in the `default` block is ignored: DAG Factory names each DAG after its key")

    def check_dag(self, ctx, dag):
        entry = dag.config.get("dag_id")
        if entry is None or entry.inherited or type(entry.value) is not Scalar:
            return
        value = entry.value
        if str(value.value) == dag.name:
            return
        fix = None
        if value.style is None:
            fix = Fix(f"Set dag_id to `{dag.name}`", (replace_scalar(ctx.source.text, value, dag.name),), safe=False)
        ctx.report(
            value,
            f"dag_id `{value.value}` is ignored: DAG Factory names this DAG `{dag.name}` after its key",
            related=[ctx.related_at(dag.key, "the DAG's key")],
            fix=fix,
        )
