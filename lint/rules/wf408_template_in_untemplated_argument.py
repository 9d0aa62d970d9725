from __future__ import annotations

from ..diagnostics import Severity
from ..jinja.sites import LITERAL, templating_of
from . import Rule, register


@register
class TemplateInUntemplatedArgument(Rule):
    """Jinja in an argument the operator does not render.

    ## What it does
    For operators the catalog knows, finds strings with Jinja markup in arguments that are not
    in the operator's `template_fields`, and names the fields that are. `map_index_template`,
    which Airflow renders on its own, is not reported; nor are operators whose template fields
    do not all match constructor arguments (which argument feeds which field is then unclear).

    ## Why is this bad?
    Only `template_fields` are rendered: Airflow passes anything else on as written, so
    `{{ ds }}` arrives as the text `{{ ds }}`. Nothing fails; the value is just wrong.

    ## Example
    ```yaml
    - task_id: wait
      operator: airflow.providers.amazon.aws.sensors.s3.S3KeySensor
      bucket_key: "exports/{{ ds }}/done"
      poke_interval: "{{ var.value.poke }}"   # not templated: passed on literally
    ```
    """

    code = "WF408"
    name = "template-in-untemplated-argument"
    severity = Severity.WARNING

    def check_file(self, ctx, workflow):
        for site in templating_of(ctx).sites:
            if site.kind != LITERAL:
                continue
            operator = site.operator
            fields = ", ".join(f"`{f}`" for f in operator.template_fields)
            templated = f"its templated fields are {fields}" if fields else "it has no templated fields"
            ctx.report(
                site.node,
                f"`{site.argument}` is not a templated field of `{operator.name}`: Airflow passes this "
                f"Jinja on literally; {templated}",
            )
