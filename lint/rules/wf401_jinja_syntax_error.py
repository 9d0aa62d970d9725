from __future__ import annotations

from ..diagnostics import Severity
from ..jinja.sites import MAP_INDEX, RENDERED, UNKNOWN, templating_of
from . import Rule, register


@register
class JinjaSyntaxError(Rule):
    """A Jinja template that does not compile.

    ## What it does
    Parses every string Airflow renders (the operator's `template_fields`, nested values
    included, a Python `@task`'s keyword arguments, `map_index_template`) the way Airflow 3's
    template environment does, and points at the exact character Jinja stops at, in any YAML
    scalar style (quoted, escaped, `|` and `>` blocks).

    Where wflint cannot know whether an argument is rendered (an operator the catalog does not
    know, a decorator other than `@task`), strings that are clearly templates are still parsed,
    and a syntax error is a warning: it fails the task only if the argument is templated.

    ## Why is this bad?
    The workflow loads, and the task fails when it runs, with Jinja's message and nothing
    else (on MWAA Serverless: `"ErrorMessage": "expected token ',', got 'create_test_table'"`).

    ## Example
    ```yaml
    - task_id: report
      operator: airflow.providers.standard.operators.bash.BashOperator
      bash_command: "echo {{ ds }"     # unexpected '}'
    ```
    """

    code = "WF401"
    name = "jinja-syntax-error"
    severity = Severity.ERROR

    def check_file(self, ctx, workflow):
        for site in templating_of(ctx).sites:
            error = site.analysis.syntax_error if site.analysis is not None else None
            if error is None or site.kind not in (RENDERED, MAP_INDEX, UNKNOWN):
                continue
            start, end = site.span(ctx.source.text, error.start, error.end)
            message = f"Jinja syntax error in `{site.argument}`: {error.message}"
            if site.kind == UNKNOWN:
                message += f" (the task fails if `{site.argument}` is templated)"
                ctx.report((start, end), message, severity=Severity.WARNING)
            else:
                ctx.report((start, end), message)
