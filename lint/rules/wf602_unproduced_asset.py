from __future__ import annotations

from ..diagnostics import Severity
from ..suggest import closest
from . import Rule, register


@register
class UnproducedAsset(Rule):
    """A DAG is scheduled on an asset that no task of the project produces.

    ## What it does
    Collects the assets named in `outlets` of every task linted together and reports an asset in
    a DAG's `schedule` that none of them produces. Assets produced outside the project (an S3
    upload by another system, a DAG written in Python) are listed in the configuration's
    `external-assets`. When some task names its outlets in a form wflint cannot read (a template,
    an asset list kept in another file), no verdict is given.

    ## Why is this bad?
    An asset-scheduled DAG runs only when the asset is updated. With no producer it never runs,
    and nothing says why.

    ## Example
    ```yaml
    consumer:
      schedule: ["s3://lake/orders.parquet"]   # no task has it in `outlets`
    ```
    """

    code = "WF602"
    name = "unproduced-asset"
    severity = Severity.WARNING

    def check_project(self, ctx, index):
        if index.unknown_outlets:
            return
        produced = list(index.producers)
        for dag in index.dags:
            external = set(ctx.config_for(dag.site.path).external_assets)
            for asset, site in dag.consumes:
                if asset in index.producers or asset in external:
                    continue
                suggestion = next(iter(closest(asset, produced, cutoff=0.85)), None)
                hint = f" (did you mean `{suggestion}`?)" if suggestion else ""
                ctx.report(site, f"no task of the linted files produces asset `{asset}`{hint}: DAG `{dag.id}` waits for "
                                 "it and never runs; if another system updates it, add it to `external-assets`")
