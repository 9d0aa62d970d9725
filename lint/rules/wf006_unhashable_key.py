from __future__ import annotations

from ..diagnostics import Severity
from ..yaml.tree import Mapping, Sequence
from . import Rule, register


@register
class UnhashableKey(Rule):
    """A list or a mapping used as a mapping key.

    ## What it does
    Reports complex keys (`? [a, b]` or `{[a, b]: 1}`) whose key is a list or a mapping.

    ## Why is this bad?
    PyYAML, with which DAG Factory reads workflow files, builds lists and mappings as Python
    lists and dicts, which cannot be dict keys: it stops with "found unhashable key" and the
    whole file fails to load.

    ## Example
    ```yaml
    my_dag:
      params:
        ? [region, table]   # a list as a key
        : events
    ```
    """

    code = "WF006"
    name = "unhashable-key"
    severity = Severity.ERROR
    file_kinds = frozenset({"workflow", "defaults"})

    def check_file(self, ctx, workflow):
        for mapping in workflow.document.mappings:
            for key, _ in mapping.pairs:
                kind = type(key)
                if kind is Sequence or kind is Mapping:
                    what = "a list" if kind is Sequence else "a mapping"
                    ctx.report(key, f"{what} as a key: PyYAML cannot build it (\"found unhashable key\"), so DAG Factory "
                               "fails to load the file")
