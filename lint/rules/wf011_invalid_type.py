from __future__ import annotations

from ..diagnostics import Fix, Severity, TextEdit
from ..schema import violations_for
from ..yaml.tree import Scalar
from . import Rule, register


@register
class InvalidType(Rule):
    """A value of the wrong type for its key.

    ## What it does
    Checks the types of DAG, `default_args` and task-group values against the format's schema:
    `catchup` is a boolean, `tags` a list of strings, `tasks` a list or a mapping, and so on.

    ## Why is this bad?
    DAG Factory or Airflow rejects the file when it is loaded (for example
    "render_template_as_native_obj should be bool type!"), or a value silently means
    something else than intended.

    ## Example
    ```yaml
    my_dag:
      catchup: "no"        # a string, not a boolean
      tags: analytics      # expected a list
    ```
    """

    code = "WF011"
    name = "invalid-type"
    severity = Severity.ERROR
    file_kinds = frozenset({"workflow", "defaults"})  # a defaults.yml holds DAG-level settings too

    def check_file(self, ctx, workflow):
        root = workflow.root
        top_level = set()
        if workflow.kind == "workflow" and root is not None and hasattr(root, "pairs"):
            top_level = {id(value) for _, value in root.pairs}
        for violation in violations_for(ctx):
            # A DAG or `default` block that is not a mapping is WF005's, with a better message.
            if violation.keyword == "type" and id(violation.node) not in top_level:
                ctx.report(violation.node, violation.message, fix=converted(ctx.source.text, violation.node, violation.expected))


_TRUE = frozenset({"true", "yes", "on", "y"})
_FALSE = frozenset({"false", "no", "off", "n"})


def converted(text: str, node, expected: tuple[str, ...]) -> Fix | None:
    """An editor fix that writes the value as the expected type where the intent is plain: a
    quoted `"no"` where a boolean belongs, a quoted `"3"` where a number does, a single value
    where a list does. Not applied by `--fix`: the user may have meant something else."""
    if type(node) is not Scalar or node.anchor is not None or node.tag is not None or node.style in ("|", ">"):
        return None
    written = text[node.start:node.end]
    value = node.value.strip()
    replacement = None
    if "boolean" in expected and value.lower() in _TRUE | _FALSE:
        replacement = "true" if value.lower() in _TRUE else "false"
    elif ("integer" in expected or "number" in expected) and node.style is not None and _is_number(value, "integer" not in expected):
        replacement = value
    elif "array" in expected and "object" not in expected and node.typed is not None and "\n" not in written:
        replacement = f"[{written}]" if node.style is not None or _flow_safe(value) else f"[{_quoted(value)}]"
    if replacement is None or replacement == written:
        return None
    return Fix(f"Write `{replacement}`", (TextEdit(node.start, node.end, replacement),), safe=False)


def _is_number(value: str, floats: bool) -> bool:
    try:
        int(value)
        return True
    except ValueError:
        if not floats:
            return False
    try:
        float(value)
        return value.lower() not in ("nan", "inf", "-inf", "+inf", "infinity")
    except ValueError:
        return False


def _flow_safe(value: str) -> bool:
    return not any(ch in value for ch in ",[]{}#&*!|>'\"%@`:")


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

