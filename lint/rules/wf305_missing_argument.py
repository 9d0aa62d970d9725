from __future__ import annotations

from ..diagnostics import Severity
import os

from ..operators import (
    SUPPLIED_BY_DAG_FACTORY, catalog_for, default_arguments, is_python_task, operator_of, required_arguments, task_arguments,
    task_callable,
)
from . import Rule, register


@register
class MissingArgument(Rule):
    """A required argument of the operator that neither the task nor `default_args` give.

    ## What it does
    Collects what reaches the operator's constructor: the task's own keys (DAG Factory's
    shorthands converted, `partial:` and `expand:` included), the `default_args` of its task
    groups and of the DAG (merged across the file's `default:` block and `defaults.yml`), and
    what DAG Factory fills in (`task_id`, `dag`, `task_group`). Reports each argument without a
    default in the operator's signature that is still missing.

    For a `@task` (decorator) task whose function wflint can read (`python_callable_file` +
    `python_callable_name`, or `python_callable: module.function` found under `operator-paths`;
    parsed with `ast`, never imported), the function's parameters without a default must be
    task keys: DAG Factory passes the keys named like its parameters to the function.

    ## Why is this bad?
    Airflow raises `TypeError: missing keyword argument 'data'` when DAG Factory creates the
    task; no DAG of the file loads.

    ## Example
    ```yaml
    - task_id: publish
      operator: airflow.providers.amazon.aws.operators.s3.S3CreateObjectOperator
      s3_key: s3://reports/done.txt      # `data` is required
    ```
    """

    code = "WF305"
    name = "missing-argument"
    severity = Severity.ERROR

    def check_task(self, ctx, task):
        if task.inherited or not task.id:
            return
        if is_python_task(task):
            self._check_callable(ctx, task)
            return
        resolved = operator_of(ctx, task)
        if resolved is None or resolved.info is None:
            return
        info = resolved.info
        # Per operator, not per task: the list is read from every argument of the class.
        required_by_operator = ctx.cache.setdefault("wf305:required", {})
        required = required_by_operator.get(resolved.path)
        if required is None:
            required = required_by_operator[resolved.path] = required_arguments(info)
        if not required:
            return
        given = {argument.name for argument in task_arguments(task)}
        defaults = default_arguments(task)
        missing = [
            name for name in required
            if name not in given and name not in defaults and name not in SUPPLIED_BY_DAG_FACTORY
        ]
        if not missing:
            return
        names = ", ".join(f"`{name}`" for name in missing)
        plural = "s" if len(missing) > 1 else ""
        catalog = catalog_for(ctx)
        # Where a later release has a default for it, the target's version decides: say so.
        later = [found for found in (catalog.optional_since(info, name) for name in missing) if found]
        where = ""
        if later:
            package, release = later[0]
            where = f" in {catalog.describe(package)} ({catalog.added_wording(catalog.release_name(package, release), 'optional since', 'optional in')})"
        ctx.report(
            task.id_node,
            f"{info.name} requires argument{plural} {names}{where}, given neither by task `{task.id}` nor by "
            f"`default_args`; Airflow raises \"missing keyword argument{plural}\"",
        )

    def _check_callable(self, ctx, task):
        """A `@task` callable's parameters without a default must be task keys (DAG Factory
        passes the keys named like its parameters to the function)."""
        signature = task_callable(ctx, task)
        if signature is None or task.config.get("expand") is not None:
            return  # with `expand:`, DAG Factory passes only the mapped and partial arguments
        given = {argument.written for argument in task_arguments(task) if argument.where == "task"}
        missing = [name for name in signature.required if name not in given]
        if not missing:
            return
        names = ", ".join(f"`{name}`" for name in missing)
        plural = "s" if len(missing) > 1 else ""
        where = os.path.basename(signature.file)
        ctx.report(
            task.id_node,
            f"`{signature.name}` ({where}) requires parameter{plural} {names}, which task `{task.id}` does not "
            f"give; Airflow raises \"missing a required argument: '{missing[0]}'\"",
        )
