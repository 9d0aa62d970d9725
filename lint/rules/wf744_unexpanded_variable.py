from __future__ import annotations

import re

from ..diagnostics import Fix, Severity, TextEdit
from ..yaml.tree import Mapping, Scalar, Sequence
from . import Rule, register

# Shell parameter expansion with an operator: `${NAME:-default}`, `${NAME-x}`, `${NAME:=x}`,
# `${NAME:?message}`, `${NAME:+x}`. os.path.expandvars looks the whole text between the braces
# up as one variable name ("NAME:-default"), which no environment has: the text stays as written.
_SHELL_FORM = re.compile(r"\$\{([A-Za-z_]\w*)(:?[-=?+])([^}]*)\}")
# Arguments a shell reads when the task runs: there the shell expands the form itself.
_SHELL_ARGUMENTS = frozenset({"bash_command", "command", "cmds", "arguments", "entrypoint"})


@register
class UnexpandedVariable(Rule):
    """A shell-style `${NAME:-default}` that DAG Factory leaves as it is.

    ## What it does
    DAG Factory (1.0.1 and 1.1.0) runs Python's `os.path.expandvars` on the text of the file
    before reading the YAML. That replaces `$NAME` and `${NAME}` when `NAME` is set, and nothing
    else: `${NAME:-default}`, `${NAME-default}`, `${NAME:=default}`, `${NAME:?message}` and
    `${NAME:+value}` are looked up as a variable named `NAME:-default` and stay in the value as
    written, whether `NAME` is set or not. This rule reports those forms in every value except
    the arguments a shell reads when the task runs (`bash_command`, `command`, `cmds`,
    `arguments`, `entrypoint`), where the shell expands them itself.

    ## Why is this bad?
    The operator receives the text `${DB_HOST:-localhost}`, not a host name: the task fails when
    it runs, or uses the text as a name (a table, a key, a path).

    ## Example
    ```yaml
    - task_id: load
      operator: airflow.providers.common.sql.operators.sql.SQLExecuteQueryOperator
      conn_id: ${WAREHOUSE_CONN:-warehouse}   # the connection id "${WAREHOUSE_CONN:-warehouse}"
    ```
    Write `$WAREHOUSE_CONN` (and set it where DAG files are parsed), or a Jinja default that the
    task renders, in a templated argument: `{{ var.value.get('warehouse_conn', 'warehouse') }}`.
    """

    code = "WF744"
    name = "unexpanded-variable"
    severity = Severity.WARNING

    def check_file(self, ctx, workflow):
        root = workflow.root
        if root is None or "${" not in ctx.source.text:
            return  # the common case: no `${` anywhere, no walk
        stack = [(root, None)]
        seen = set()
        while stack:
            node, key = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            kind = type(node)
            if kind is Mapping:
                for pair_key, value in reversed(node.pairs):
                    name = pair_key.value if type(pair_key) is Scalar else None
                    if name not in _SHELL_ARGUMENTS:
                        stack.append((value, name))
            elif kind is Sequence:
                stack.extend((item, key) for item in reversed(node.items))
            elif kind is Scalar and "${" in node.value:
                self._check_scalar(ctx, node)

    def _check_scalar(self, ctx, node):
        for match in _SHELL_FORM.finditer(node.value):
            name, operator = match.group(1), match.group(2)
            span = ctx.value_span(node, match.start(), match.end())
            fix = None
            if ctx.source.text[span[0]:span[1]] == match.group(0):
                fix = Fix(f"Replace with `${{{name}}}` (expanded only when `{name}` is set; the default is lost)",
                          (TextEdit(span[0], span[1], "${" + name + "}"),), safe=False)
            ctx.report(span, f"DAG Factory leaves `{match.group(0)}` as written: os.path.expandvars knows no "
                             f"`{operator}` form and looks up a variable named `{match.group(0)[2:-1]}`, so the "
                             f"value is this text whether `{name}` is set or not; write `${{{name}}}` (and set it "
                             "where DAG files are parsed) or a Jinja default in a templated argument", fix=fix)
