from __future__ import annotations

from ..diagnostics import Severity
from . import Rule, register


@register
class YamlSyntax(Rule):
    """YAML that cannot be parsed.

    ## What it does
    Reports YAML syntax errors at the parser's position: unclosed brackets and quotes, bad
    indentation, tabs used for indentation, undefined aliases, a second document in the file,
    and nesting too deep to be a workflow.

    ## Why is this bad?
    DAG Factory cannot load the file at all, so none of its DAGs exists in Airflow. The import
    error is only visible in the Airflow UI, often long after the deploy.

    ## Example
    ```yaml
    my_dag:
      tasks: [extract, load
      schedule: "@daily"
    ```
    """

    code = "WF001"
    name = "yaml-syntax-error"
    severity = Severity.ERROR
    file_kinds = frozenset({"workflow", "defaults"})
    needs_valid_yaml = False

    def check_file(self, ctx, workflow):
        for problem in workflow.document.problems:
            if problem.kind in ("syntax", "depth", "multiple-documents"):
                related = ()
                if problem.related:
                    from ..diagnostics import Related

                    related = [Related(*problem.related)]
                ctx.report((problem.start, problem.end), problem.message, related=related)
