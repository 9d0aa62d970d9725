from __future__ import annotations

import re

from ..diagnostics import Severity
from ..operators import task_arguments
from ..yaml.tree import Scalar
from . import Rule, register

# What os.path.expandvars replaces: `$name` and `${name}` (names of word characters).
_VARIABLE = re.compile(r"\$(?:([A-Za-z_]\w*)|\{([A-Za-z_]\w*)\})")
# Variables every process that loads DAG files has: certainly replaced.
_ALWAYS_SET = frozenset({"HOME", "PATH", "USER", "PWD", "SHELL", "LANG", "HOSTNAME", "AIRFLOW_HOME", "PYTHONPATH"})
_SHELL_ARGUMENTS = ("bash_command",)


@register
class ParseTimeVariable(Rule):
    """A shell `$VARIABLE` in `bash_command` that DAG Factory replaces when it loads the file.

    ## What it does
    DAG Factory runs `os.path.expandvars` on the whole text of the file before it reads the
    YAML (1.0.1 and 1.1.0). Every `$NAME` and `${NAME}` that is set in the environment of the
    process loading the DAG (the DAG processor) is replaced there and then; the others stay.
    This rule reports them in `bash_command`, where the author usually means the task's shell:
    variables every such process has (`$HOME`, `$PATH`, `$USER`, `$AIRFLOW_HOME`, ...) as a
    warning, the rest as information. There is no escape for `$` in expandvars: let Jinja write
    the dollar when the task renders the command, `{{ '$' }}HOME`, or pass the value in `env:`.

    ## Why is this bad?
    The command runs with the DAG processor's value (its home folder, its `PATH`), not the
    worker's, and nothing says so.

    ## Example
    ```yaml
    bash_command: cd $HOME/jobs && ./run.sh    # $HOME is the DAG processor's, fixed at parse time
    ```
    """

    code = "WF742"
    name = "parse-time-variable"
    severity = Severity.WARNING

    def check_task(self, ctx, task):
        if task.inherited:
            return
        for argument in task_arguments(task):
            if argument.name not in _SHELL_ARGUMENTS or not argument.own:
                continue
            value = argument.value
            if type(value) is not Scalar or "$" not in value.value or not isinstance(value.typed, str):
                continue
            for match in _VARIABLE.finditer(value.value):
                name = match.group(1) or match.group(2)
                start, end = match.span()
                span = ctx.value_span(value, start, end)
                if name in _ALWAYS_SET:
                    ctx.report(span, f"DAG Factory replaces `{match.group(0)}` with the DAG processor's value when it loads "
                               "the file, so the task's shell never sees it; write `{{ '$' }}" + name + "` to leave it "
                               "to the shell")
                else:
                    ctx.report(span, f"DAG Factory replaces `{match.group(0)}` when it loads the file if the DAG processor "
                               f"has `{name}` set (then the task's shell never sees it); write `{{{{ '$' }}}}{name}` to "
                               "leave it to the shell", severity=Severity.INFO)
