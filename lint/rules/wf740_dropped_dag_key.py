from __future__ import annotations

from ..diagnostics import Severity
from ..objects import catalogs
from ..yaml.tree import Mapping, Scalar, Sequence, iter_pairs
from . import Rule, register

# Keys whose whole point is to hold YAML anchors for the rest of the file: nothing to lose.
_HOLDERS = frozenset({"vars"})


def _empty(value) -> bool:
    """null, or an empty mapping or list: dropping it loses nothing."""
    if type(value) is Scalar:
        return value.typed is None
    if type(value) is Mapping:
        return not value.pairs and not value.has_merge
    return type(value) is Sequence and not value.items


def _dag_keys() -> frozenset[str]:
    from ..schema import load_schema

    return frozenset(load_schema()["$defs"]["dag"].get("properties", {}))


@register
class DroppedDagKey(Rule):
    """A DAG key that DAG Factory accepts and silently drops.

    ## What it does
    DAG Factory builds the `DAG(...)` call from a fixed list of keys. A key of Airflow's DAG
    that is not on that list (`owner_links`, `fail_fast`, `max_consecutive_failed_dag_runs`,
    `user_defined_filters`, `jinja_environment_kwargs`, `template_undefined`,
    `disable_bundle_versioning`, `deadline`, ...) loads without complaint and has no effect; so
    does the old `dagrun_timeout_sec` shorthand, which DAG Factory 1.x no longer converts. The
    list of keys DAG Factory reads is taken from its source when the object catalog is built,
    per release (`user_defined_macros` is read by 1.1.0, not by 1.0.1).

    ## Why is this bad?
    The setting never reaches Airflow: the owner links are not shown, the DAG does not fail
    fast, the Jinja filters are undefined when the task renders its templates.

    ## Example
    ```yaml
    my_dag:
      fail_fast: true          # DAG Factory drops it
      owner_links: {data: "https://wiki/data"}
    ```
    """

    code = "WF740"
    name = "dropped-dag-key"
    severity = Severity.WARNING
    file_kinds = frozenset({"workflow", "defaults"})

    def check_file(self, ctx, workflow):
        chosen = catalogs(ctx)
        if not chosen or chosen[0].dag_factory_reads("dag_id") is None:
            return
        known = _dag_keys()
        for mapping in workflow.own_mappings():
            for key, value in iter_pairs(mapping):
                if type(key) is not Scalar or key.value not in known or key.value in _HOLDERS:
                    continue
                if _empty(value):  # `owner_links: {}` (converters write it): nothing is lost
                    continue
                dropping = [c for c in chosen if c.dag_factory_reads(key.value) is False]
                if len(dropping) != len(chosen):
                    if dropping:  # dropped by some releases only
                        versions = ", ".join(f"DAG Factory {c.dag_factory_version}" for c in dropping)
                        ctx.report(key, f"{versions} (Airflow {', '.join(c.airflow_version for c in dropping)}) drops "
                                   f"`{key.value}` without a word; newer releases pass it to the DAG")
                    continue
                found = sorted({c.dag_factory_version for c in chosen})
                verb = "do" if len(found) > 1 else "does"
                message = f"DAG Factory {' and '.join(found)} {verb} not pass `{key.value}` to the DAG: Airflow never sees it"
                if key.value == "dagrun_timeout_sec":
                    message += "; write `dagrun_timeout: {__type__: datetime.timedelta, seconds: N}`"
                elif key.value in ("user_defined_filters", "jinja_environment_kwargs", "template_undefined"):
                    message += "; templates that rely on it fail when the task renders them"
                else:
                    message += "; remove it, or set it in Python"
                ctx.report(key, message)
