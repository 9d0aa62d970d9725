from __future__ import annotations

from ..diagnostics import Severity
from . import Rule, register


@register
class DuplicateDagId(Rule):
    """Two workflow files define the same DAG id.

    ## What it does
    Looks at every file linted together and reports each definition of a DAG id after the first
    (in path order), with the other definition as a related location.

    ## Why is this bad?
    Airflow keeps one DAG per id. With a loader per file it refuses the second file it parses
    (`AirflowDagDuplicatedIdException: Ignoring DAG ... also found in ...`); with one
    `load_yaml_dags` over the folder, DAG Factory 1.0.1 keeps the first and drops the other
    without a word. Which one wins depends on parse order.

    ## Example
    ```yaml
    # dags/sales.yaml
    daily_report:
      schedule: "@daily"
    # dags/marketing.yaml
    daily_report:        # the same id again
      schedule: "@hourly"
    ```
    """

    code = "WF601"
    name = "duplicate-dag-id"
    severity = Severity.ERROR
    needs_whole_project = False  # two files named together already clash

    def check_project(self, ctx, index):
        for dag_id, entries in index.by_id.items():
            first = entries[0]
            for entry in entries[1:]:
                if entry.site.path == first.site.path:
                    continue  # a duplicate key in one file: WF002
                where = ctx.related_at(first.site, f"`{dag_id}` is first defined here")
                ctx.report(entry.site, f"DAG id `{dag_id}` is already defined in {_name(first.site.path)}: Airflow "
                                       "keeps only one of them (the file it parses first) and refuses or drops the other",
                           related=[where])


def _name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]
