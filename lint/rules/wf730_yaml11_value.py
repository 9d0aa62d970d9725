from __future__ import annotations

import datetime
import re

from ..diagnostics import Fix, Severity, TextEdit
from ..operators import accepts, operator_of, task_arguments, refused_nodes
from ..yaml.tree import Mapping, Scalar, iter_pairs
from . import Rule, register

# Plain scalars whose YAML 1.1 meaning (what PyYAML, and so DAG Factory, reads) is not the text:
# booleans beyond true/false, octal and sexagesimal and underscored numbers, hexadecimal, dates.
_NUMBER_SURPRISE = re.compile(r"^[-+]?(0[0-7_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|"
                              r"[0-9]*_[0-9_]*(\.[0-9_]*)?|\.(inf|Inf|INF|nan|NaN|NAN))$")


def surprise(node) -> str | None:
    """What YAML 1.1 made of a plain scalar that reads as text, or None when it is what it looks like."""
    if type(node) is not Scalar or node.style is not None or node.tag is not None:
        return None
    typed, text = node.typed, node.value
    if isinstance(typed, bool):
        return None if text.lower() in ("true", "false") else f"the boolean {typed}"
    if isinstance(typed, (int, float)):
        if _NUMBER_SURPRISE.match(text):
            return f"the number {typed}"
        return None
    if isinstance(typed, (datetime.date, datetime.datetime)):
        return f"a {'datetime' if isinstance(typed, datetime.datetime) else 'date'}"
    return None


def _quote(ctx, node) -> Fix | None:
    if node.anchor is not None or "\n" in node.value:
        return None
    return Fix(f'Quote it: "{node.value}"', (TextEdit(node.start, node.end, '"' + node.value.replace('"', '\\"') + '"'),))


@register
class Yaml11Value(Rule):
    """An unquoted value that YAML 1.1 turns into something other than the text written.

    ## What it does
    DAG Factory reads files with PyYAML, which follows YAML 1.1: `NO`, `no`, `off`, `on`, `yes`
    are booleans, `010` is the octal 8, `12:30` is the base-60 number 750, `1_000` is 1000,
    `0x1F` is 31, `2024-01-01` is a date. Reports such a plain value where a string is expected:
    an operator argument whose annotation takes `str` but not what YAML made, a value of an
    `env:` mapping (environment variables are strings). The fix quotes the value as written.
    (A DAG's `tags` are WF011's: Airflow refuses a tag that is not a string.)

    ## Why is this bad?
    The operator gets `False` for the country code `NO`, 750 for the time `12:30`, 8 for the
    code `010`: the task fails when it runs (`expected str, bytes or os.PathLike object, not
    bool` for an `env` value) or quietly does the wrong thing.

    ## Example
    ```yaml
    env:
      COUNTRY: NO              # the boolean False; write "NO"
      START: 12:30             # the number 750; write "12:30"
    ```
    """

    code = "WF730"
    name = "yaml11-value"
    severity = Severity.WARNING

    def check_task(self, ctx, task):
        if task.inherited:
            return
        resolved = operator_of(ctx, task)
        info = resolved.info if resolved is not None else None
        refused = refused_nodes(ctx, task.dag)  # WF750 says the constructor refuses the value
        for argument in task_arguments(task):
            if not argument.own or argument.where == "expand" or argument.value.start in refused:
                continue
            value = argument.value
            if argument.name == "env" and type(value) is Mapping:
                for key, item in iter_pairs(value):
                    what = surprise(item)
                    if what and type(key) is Scalar:
                        ctx.report(item, f"YAML 1.1 reads `{item.value}` as {what}, not text; the environment variable "
                                   f"`{key.value}` must be a string: quote it", fix=_quote(ctx, item))
                continue
            if info is None or type(value) is not Scalar:
                continue
            declared = info.arguments.get(argument.name)
            allowed = accepts(declared.annotation) if declared is not None else None
            if allowed is None or "str" not in allowed.kinds:
                continue
            what = surprise(value)
            kind = {bool: "bool", int: "int", float: "float"}.get(type(value.typed))
            if what and (kind is None or kind not in allowed.kinds):
                ctx.report(value, f"YAML 1.1 reads `{value.value}` as {what}, not the text written; `{argument.written}` "
                           f"takes a string: quote it", fix=_quote(ctx, value))
