from __future__ import annotations

import os

from ..diagnostics import Severity
from ..jinja.sites import FILE, templating_of
from . import Rule, register


@register
class MissingTemplateFile(Rule):
    """A template file path that is not on the DAG's template search path.

    ## What it does
    A value of a templated field that ends with one of the operator's `template_ext` (`.sql`,
    `.sh`, `.json`, ...) is not rendered as text: Airflow loads a template *file* of that name
    from the workflow file's folder and the DAG's `template_searchpath` (and wflint also looks
    in the configuration's `template-searchpath`). This rule warns when no such file exists.
    The file itself is not read. When a `template_searchpath` folder does not exist on this
    machine (a deployment path) and no `template-searchpath` stands in for it, nothing is
    reported.

    ## Why is this bad?
    The task fails when it runs with `TemplateNotFound`. It is a warning because files may be
    deployed beside the workflow by other means. A value that is not meant as a file but ends
    like one (`s3://bucket/data.json`) fails the same way: end it differently (a trailing
    space) or use another field.

    ## Example
    ```yaml
    template_searchpath: [sql]
    tasks:
      - task_id: load
        operator: airflow.providers.common.sql.operators.sql.SQLExecuteQueryOperator
        sql: load_evnets.sql        # no sql/load_evnets.sql
    ```
    """

    code = "WF409"
    name = "missing-template-file"
    severity = Severity.WARNING

    def check_file(self, ctx, workflow):
        here = os.path.dirname(os.path.abspath(ctx.path))
        for site in templating_of(ctx).sites:
            if site.kind != FILE:
                continue
            loads = f"this `{site.argument}` value ends with {_ending(site)}, so Airflow loads it as a template file"
            if site.file_refused:
                ctx.report(site.node, f"{loads}, and Jinja's loader refuses names with `..` or a backslash")
                continue
            folders = ", ".join(_display(folder, here) for folder in site.missing_file)
            message = f"{loads}, and there is no `{site.node.value}` in {folders}"
            if any(c.isspace() for c in site.node.value):
                # `bash /opt/run.sh` is a command, not a file name: the classic trap.
                message += "; if this is not a file name, end the value with a space"
            ctx.report(site.node, message)


def _ending(site) -> str:
    ext = next(e for e in site.operator.template_ext if site.node.value.endswith(e))
    return f"`{ext}`"


def _display(folder: str, here: str) -> str:
    if folder == here:
        return "the workflow's folder"
    try:
        relative = os.path.relpath(folder, here)
    except ValueError:  # another drive
        return f"`{folder}`"
    return f"`{folder}`" if relative.startswith("..") else f"`{relative.replace(os.sep, '/')}`"
