from __future__ import annotations

import os

from .. import inputs
from ..diagnostics import Severity
from ..yaml.tree import Scalar, Sequence, iter_pairs
from . import Rule, register

# DAG keys whose paths DAG Factory checks itself, and what must be there (read from DAG Factory
# 1.0.1 and 1.1.0: dagbuilder.py DagBuilder.build for `doc_md_file_path`, utils.py
# check_template_searchpath for `template_searchpath`; the same in both releases).
_PATH_KEYS = {"doc_md_file_path": "file", "template_searchpath": "folder"}
_MESSAGES = {
    "doc_md_file_path": "`doc_md_file_path` must be absolute path",
    "template_searchpath": "template_searchpath must be absolute paths",
}


def _paths(value) -> list[Scalar]:
    if type(value) is Scalar:
        return [value]
    if type(value) is Sequence:
        return [item for item in value.items if type(item) is Scalar]
    return []


@register
class DagFilePath(Rule):
    """A DAG's `doc_md_file_path` or `template_searchpath` that DAG Factory refuses.

    ## What it does
    Checks the paths DAG Factory checks itself when it builds the DAG:

    - a relative path (error): DAG Factory raises "`doc_md_file_path` must be absolute path" or
      "template_searchpath must be absolute paths", and the file does not load;
    - a path that does not exist on this machine (warning: it may exist only where Airflow
      runs; there DAG Factory raises "template_searchpath must be existing paths" or
      FileNotFoundError).

    Paths with `$` (expanded from the environment when DAG Factory reads the file) are judged
    only when they are plainly relative.

    ## Why is this bad?
    The whole workflow file fails to load; every DAG in it disappears from Airflow.

    ## Example
    ```yaml
    my_dag:
      doc_md_file_path: docs/my_dag.md            # write $CONFIG_ROOT_DIR/docs/my_dag.md
      template_searchpath: [/opt/airflow/sql]
    ```
    """

    code = "WF310"
    name = "dag-file-path"
    severity = Severity.ERROR

    def check_file(self, ctx, workflow):
        for mapping in workflow.own_mappings():
            for key, value in iter_pairs(mapping):
                if type(key) is not Scalar or key.value not in _PATH_KEYS:
                    continue
                for path in _paths(value):
                    self._check_path(ctx, key.value, path)

    def _check_path(self, ctx, key: str, path: Scalar) -> None:
        text = path.typed
        if not isinstance(text, str) or not text or "{{" in text:
            return
        if text.startswith("$"):
            return  # `$CONFIG_ROOT_DIR/...`: absolute where DAG Factory expands it
        if not os.path.isabs(text):
            ctx.report(path, f"DAG Factory refuses a relative `{key}` (\"{_MESSAGES[key]}\") and the file does not "
                             f"load; write an absolute path, e.g. `$CONFIG_ROOT_DIR/{text}`")
            return
        if "$" in text:
            return
        kind = _PATH_KEYS[key]
        exists = inputs.isdir(text) if kind == "folder" else inputs.isfile(text)
        if not exists:
            ctx.report(path, f"there is no {kind} `{text}` on this machine; where Airflow runs, DAG Factory fails "
                             "the file if it is missing there too", severity=Severity.WARNING)
