from __future__ import annotations

from ..diagnostics import Severity
from ..yaml.tree import Scalar
from . import Rule, register


@register
class DuplicateKey(Rule):
    """A key appears twice in the same mapping.

    ## What it does
    Reports every repeated key in a mapping, at any depth, pointing at the repetition and
    naming the first definition.

    ## Why is this bad?
    DAG Factory loads files with PyYAML, which silently keeps the *last* value. A second
    `tasks:` block or a repeated task in dict form quietly replaces the first one: tasks
    disappear from the DAG without any error.

    ## Example
    ```yaml
    my_dag:
      schedule: "@daily"
      schedule: "@hourly"   # the DAG runs hourly; the first line is dead
    ```
    """

    code = "WF002"
    name = "duplicate-key"
    severity = Severity.ERROR
    file_kinds = frozenset({"workflow", "defaults"})
    needs_valid_yaml = False

    def check_file(self, ctx, workflow):
        for node in workflow.document.mappings:
            if len(node.pairs) < 2:
                continue
            # Keys as PyYAML constructs them, compared as its dict compares them: `1` and `"1"`
            # are two keys, `1` and `1.0` one.
            occurrences: dict[object, list[Scalar]] = {}
            for key, _ in node.pairs:
                if type(key) is not Scalar or (key.value == "<<" and key.style is None):
                    continue
                occurrences.setdefault(key.typed, []).append(key)
            for keys in occurrences.values():
                if len(keys) > 1:
                    self._report(ctx, keys)

    def _report(self, ctx, keys: list[Scalar]) -> None:
        first, last = keys[0], keys[-1]
        positions = [ctx.source.line_col(key.start) for key in keys]
        one_per_line = len({line for line, _ in positions}) == len(positions)
        places = [f"line {line}" if one_per_line else f"line {line}, column {column}" for line, column in positions]
        for key in keys[1:]:
            name = f"`{key.value}`"
            if key.value != first.value:
                name += f" (the same key as `{first.value}` once PyYAML reads them)"
            if key is last:
                dropped = places[:-1]
                separator = ", " if one_per_line else "; "
                where = f"the one on {dropped[0]}" if len(dropped) == 1 else \
                    "the ones on " + separator.join(dropped[:-1]) + f" and {dropped[-1]}"
                message = f"duplicate key {name}: PyYAML keeps only this last value and drops {where}"
            else:
                message = f"duplicate key {name}: PyYAML drops this value and keeps only the last one, on {places[-1]}"
            ctx.report(key, message, related=[ctx.related_at(first, f"first `{first.value}` here")])
