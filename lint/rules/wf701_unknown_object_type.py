from __future__ import annotations

from ..catalog.objects import available_versions, objects_for
from ..diagnostics import Fix, Severity
from ..objects import judge, type_objects
from ..suggest import closest
from ..yaml.scalars import replace_scalar
from . import Rule, register


def _moved_to(catalog, path: str) -> str | None:
    """Where a class another shipped release has under `path` lives in `catalog` (the same
    class, by its defining module: `airflow.datasets.Dataset` is `airflow.sdk.Asset`)."""
    for version in reversed(available_versions()):
        other = objects_for(version)
        status, canonical = other.resolve(path)
        if status != "ok" or not canonical:
            continue
        homes = sorted(
            (p for p in catalog.known_paths() if catalog.resolve(p) == ("ok", canonical)),
            key=lambda p: (p.count("."), p),
        )
        if homes:
            return homes[0]
    return None


@register
class UnknownObjectType(Rule):
    """A `__type__` that does not import in the target Airflow release.

    ## What it does
    DAG Factory builds every mapping with a `__type__` key by importing the module part of the
    path and taking the last part from it. For paths under `datetime`, `dateutil`, `pendulum`,
    `airflow.timetables`, `airflow.sdk`, `airflow.datasets` / `airflow.assets` and
    `airflow.models.param` (and `kubernetes.client` when the catalog has it) this rule checks the
    path against the object catalog built from the real packages of each Airflow release
    (`schemas/objects/`), suggests the class's new home when it moved (`airflow.datasets.Dataset`
    is `airflow.sdk.Asset` in Airflow 3) and the closest name in the module otherwise. Paths in
    other modules (providers, your own code) are not judged.

    Without a target release, a path only the newest release lacks is a warning.

    ## Why is this bad?
    DAG Factory raises while it loads the file and no DAG of it is created:
    "ModuleNotFoundError: No module named 'airflow.datasets'" (Airflow 3.3),
    "Could not import 'airflow.sdk.Assett': module 'airflow.sdk' has no attribute 'Assett'".

    ## Example
    ```yaml
    schedule:
      - __type__: airflow.datasets.Dataset   # Airflow 3: airflow.sdk.Asset
        uri: s3://bucket/key
    ```
    """

    code = "WF701"
    name = "unknown-object-type"
    severity = Severity.ERROR
    file_kinds = frozenset({"workflow", "defaults"})

    def check_file(self, ctx, workflow):
        objects = type_objects(ctx)
        if not objects:
            return
        for obj in objects:
            for target, message, fix, severity in judge(ctx, lambda catalog, obj=obj: self._problems(ctx, catalog, obj)):
                ctx.report(target, message, fix=fix, severity=Severity.parse(severity) if severity else None)

    def _problems(self, ctx, catalog, obj):
        path = obj.path.strip()
        status, _ = catalog.resolve(path)
        if status in ("ok", "unknown"):
            return []
        module, _, name = path.rpartition(".")
        version = catalog.airflow_version
        suggestion = _moved_to(catalog, path)
        if status == "no-module":
            message = f"module `{module}` does not exist in Airflow {version}, so DAG Factory cannot import `{path}`"
        else:
            message = f"`{module}` has no `{name}` in Airflow {version}, so DAG Factory cannot import `{path}`"
            if suggestion is None:
                near = closest(name, catalog.module_names(module) or {})
                suggestion = f"{module}.{near[0]}" if near else None
        if suggestion is None:
            homes = catalog.paths_named(name)
            suggestion = homes[0] if homes else None
        fix = None
        if suggestion and suggestion != path:
            message += f" (use `{suggestion}`)"
            fix = Fix(f"Replace with `{suggestion}`", (replace_scalar(ctx.source.text, obj.type_value, suggestion),), safe=False)
        message += "; the whole file fails to load"
        return [(("type", obj.type_value.start), obj.type_value, message, fix)]
