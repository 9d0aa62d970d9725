from __future__ import annotations

from ..diagnostics import Fix, Severity, TextEdit
from ..objects import catalogs
from ..operators import task_arguments
from ..yaml.tree import Scalar, Sequence
from . import Rule, register

_ASSET_ARGUMENTS = ("outlets", "inlets")
# DAG Factory 1.1.0 turns each item of a task's `inlets` / `outlets` into an Asset on Airflow 3
# (dagbuilder.make_task); 1.0.1 does so only on Airflow 2 and passes the value on unchanged.
_CONVERTS_FROM = (1, 1)


def _converts(version: str | None) -> bool:
    parts = tuple(int(p) for p in (version or "0").split(".")[:2] if p.isdigit())
    return parts >= _CONVERTS_FROM


def _asset_text(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'{{__type__: airflow.sdk.Asset, uri: "{escaped}"}}'


@register
class AssetString(Rule):
    """`inlets` / `outlets` written as plain strings, which do not become the assets meant.

    ## What it does
    Reports a task's `outlets:` or `inlets:` given as one bare string, or as a list of plain
    strings, and offers to write `__type__: airflow.sdk.Asset` objects instead (which every
    DAG Factory release passes as they are).

    - A bare string: DAG Factory 1.1.0 makes one asset of each character (`s3://x` becomes
      the assets `s`, `3`, `:`, `/`, ...); 1.0.1 passes the string and Airflow 3 records no
      asset event for it.
    - A list of strings: 1.1.0 makes assets of them; 1.0.1 passes strings, which Airflow 3
      does not take for assets: DAGs scheduled on them never run.

    ## Why is this bad?
    Nothing fails: the task succeeds, and the DAGs that wait for the asset never start.

    ## Example
    ```yaml
    - task_id: export
      operator: airflow.providers.standard.operators.bash.BashOperator
      bash_command: ./export.sh
      outlets: s3://exports/daily      # write: [{__type__: airflow.sdk.Asset, uri: s3://exports/daily}]
    ```
    """

    code = "WF741"
    name = "asset-string"
    severity = Severity.WARNING

    @staticmethod
    def _releases(ctx):
        """(DAG Factory releases that make an asset of each character, those that pass the
        string), once per document."""
        found = ctx.cache.get("wf741-releases")
        if found is None:
            versions = sorted({c.dag_factory_version for c in catalogs(ctx) if c.dag_factory_version})
            found = ctx.cache["wf741-releases"] = ([v for v in versions if _converts(v)],
                                                   [v for v in versions if not _converts(v)])
        return found

    def check_task(self, ctx, task):
        if task.inherited or not any(name in task.config for name in _ASSET_ARGUMENTS):
            return  # most tasks name no assets: nothing to read
        converting, passing = self._releases(ctx)
        for argument in task_arguments(task):
            if argument.name not in _ASSET_ARGUMENTS or argument.where != "task" or not argument.own:
                continue
            value = argument.value
            if type(value) is Scalar and isinstance(value.typed, str) and value.typed and "$" not in value.value \
                    and "{{" not in value.value:
                parts = []
                if converting:
                    letters = ", ".join(f"`{c}`" for c in list(dict.fromkeys(value.typed))[:4])
                    parts.append(f"DAG Factory {' and '.join(converting)} makes one asset of each character ({letters}, ...)")
                if passing:
                    parts.append(f"DAG Factory {' and '.join(passing)} passes the string, for which Airflow 3 records no "
                                 "asset event")
                message = f"`{argument.written}` is a single string: {'; '.join(parts)}; write a list of assets"
                fix = Fix("Write a list with one Asset", (TextEdit(value.start, value.end, f"[{_asset_text(value.typed)}]"),),
                          safe=False) if value.anchor is None and value.tag is None and "\n" not in value.value else None
                ctx.report(value, message, fix=fix)
            elif type(value) is Sequence and passing:
                for item in value.items:
                    if type(item) is Scalar and isinstance(item.typed, str) and "$" not in item.value and "{{" not in item.value:
                        fix = Fix("Write an Asset", (TextEdit(item.start, item.end, _asset_text(item.typed)),), safe=False) \
                            if item.anchor is None and item.tag is None and "\n" not in item.value else None
                        accepted = f" (DAG Factory {' and '.join(converting)} makes it an asset)" if converting else ""
                        ctx.report(item, f"DAG Factory {' and '.join(passing)} passes `{item.typed}` as a plain string, which "
                                   f"Airflow 3 does not take for an asset{accepted}; write `__type__: airflow.sdk.Asset`",
                                   fix=fix)
