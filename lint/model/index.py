"""What one workflow file tells the rest of the project, and the index of a whole project.

`file_facts` reads a file's model once into plain data (JSON-able, offsets into the file, so the
result cache can keep it): the DAG ids it defines, their task ids, the assets its tasks produce
(`outlets`) and its DAGs are scheduled on, and the DAGs and tasks it names in
`TriggerDagRunOperator.trigger_dag_id` and `ExternalTaskSensor.external_dag_id` /
`external_task_id(s)`. `ProjectIndex` joins the facts of every file linted together; the project
rules (WF6xx) read it. Values wflint cannot know statically (templates, `$VARS`, asset configs kept
in other files) are left out, and a project with an asset it cannot read gives no verdict on
missing producers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..yaml.tree import Mapping, Scalar, Sequence, iter_pairs
from .workflow import Dag, Task, WorkflowFile

FACTS_FORMAT = 1
_ASSET_CLASSES = ("Asset", "Dataset", "AssetAlias", "DatasetAlias")
_TRIGGER_OPERATORS = frozenset({"TriggerDagRunOperator"})
_EXTERNAL_SENSORS = frozenset({"ExternalTaskSensor", "ExternalTaskMarker"})


def _known_text(node) -> str | None:
    """A plain string value wflint can read as it is (not templated, not an environment variable)."""
    if type(node) is not Scalar or not isinstance(node.value, str) or node.value == "":
        return None
    if node.style is None and not isinstance(node.typed, str):
        return None
    if "{{" in node.value or "{%" in node.value or "$" in node.value:
        return None
    return node.value


def _assets(node, out: list, unknown: list, seen: set | None = None) -> None:
    """URIs (or names) of the assets a schedule or an `outlets` value names; `unknown` gets an
    entry for any part that names assets wflint cannot read. Each node is read once (an alias is
    a shared node: an alias bomb must not expand)."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    if type(node) is Scalar:
        text = _known_text(node)
        if text is None:
            if node.value not in (None, "") and node.typed is not None:
                unknown.append(node)
        else:
            out.append([text, node.start, node.end])
    elif type(node) is Sequence:
        for item in node.items:
            _assets(item, out, unknown, seen)
    elif type(node) is Mapping:
        pairs = {key.value: value for key, value in iter_pairs(node) if type(key) is Scalar}
        kind = pairs.get("__type__")
        class_name = kind.value.rpartition(".")[2] if type(kind) is Scalar and isinstance(kind.value, str) else ""
        if class_name in _ASSET_CLASSES:
            named = pairs.get("uri") or pairs.get("name")
            if named is None:
                args = pairs.get("__args__")
                named = args.items[0] if type(args) is Sequence and args.items else None
            text = _known_text(named)
            if text is None:
                unknown.append(node)
            else:
                out.append([text, named.start, named.end])
        elif kind is not None:
            # combinations (`__and__`, `__or__`, AssetAll / AssetAny) hold their assets inside
            for key, value in pairs.items():
                if key != "__type__":
                    _assets(value, out, unknown, seen)
        else:
            unknown.append(node)  # e.g. DAG Factory's `{file: ..., datasets: [...]}`


def _operator_class(task: Task) -> str:
    entry = task.operator
    if entry is None or type(entry.value) is not Scalar or not isinstance(entry.value.value, str):
        return ""
    return entry.value.value.rpartition(".")[2]


def _task_refs(task: Task) -> list[dict]:
    """The other DAG (and its tasks) a trigger or an external-task sensor names."""
    operator = _operator_class(task)
    if operator in _TRIGGER_OPERATORS:
        kind, dag_key = "trigger", "trigger_dag_id"
    elif operator in _EXTERNAL_SENSORS:
        kind, dag_key = "external", "external_dag_id"
    else:
        return []
    entry = task.config.get(dag_key)
    if entry is None or entry.layer.kind == "defaults-file":  # a value in another file: its offsets are not ours
        return []
    dag_id = _known_text(entry.value)
    if dag_id is None:
        return []
    task_ids: list = []
    if kind == "external":
        single = task.config.get("external_task_id")
        if single is not None and _known_text(single.value) is not None:
            task_ids.append([single.value.value, single.value.start, single.value.end])
        several = task.config.get("external_task_ids")
        if several is not None and type(several.value) is Sequence:
            for item in several.value.items:
                if _known_text(item) is not None:
                    task_ids.append([item.value, item.start, item.end])
    return [{"kind": kind, "task": task.id, "dag": dag_id, "span": [entry.value.start, entry.value.end],
             "task_ids": task_ids}]


def _dag_facts(dag: Dag) -> dict:
    produces: list = []
    unknown: list = []
    for task in dag.tasks:
        outlets = task.config.get("outlets")
        if outlets is not None:
            _assets(outlets.value, produces, unknown)
    consumes: list = []
    consumes_unknown: list = []
    schedule = dag.config.get("schedule")
    if schedule is not None and type(schedule.value) is not Scalar:
        _assets(schedule.value, consumes, consumes_unknown)
    return {
        "id": dag.name,
        "span": [dag.key.start, dag.key.end],
        "tasks": {task.id: [task.id_node.start, task.id_node.end] for task in dag.tasks},
        "produces": produces,
        "unknown_outlets": bool(unknown),
        "consumes": [] if consumes_unknown else consumes,  # part unreadable: no verdict on any
        "refs": [ref for task in dag.tasks for ref in _task_refs(task)],
    }


def file_facts(workflow: WorkflowFile) -> dict:
    return {"format": FACTS_FORMAT, "dags": [_dag_facts(dag) for dag in workflow.dags]}


@dataclass(frozen=True, slots=True)
class Site:
    """A place in a file: its path and the offsets of the text."""

    path: str
    start: int
    end: int


@dataclass(slots=True)
class DagEntry:
    id: str
    site: Site
    tasks: dict  # task id -> Site
    produces: list  # (asset, Site)
    consumes: list  # (asset, Site)
    refs: list  # dicts as in the facts, with "site" and task id Sites


@dataclass(slots=True)
class ProjectIndex:
    """Every DAG of the files linted together, by id, with what produces each asset."""

    dags: list[DagEntry] = field(default_factory=list)
    by_id: dict = field(default_factory=dict)  # dag id -> [DagEntry], in file order
    producers: dict = field(default_factory=dict)  # asset -> [(DagEntry, Site)]
    unknown_outlets: bool = False

    @classmethod
    def build(cls, files: list[tuple[str, dict]]) -> "ProjectIndex":
        index = cls()
        for path, facts in sorted(files, key=lambda item: item[0]):
            if not facts or facts.get("format") != FACTS_FORMAT:
                continue
            for raw in facts["dags"]:
                entry = DagEntry(
                    raw["id"], Site(path, *raw["span"]),
                    {task: Site(path, *span) for task, span in raw["tasks"].items()},
                    [(asset, Site(path, start, end)) for asset, start, end in raw["produces"]],
                    [(asset, Site(path, start, end)) for asset, start, end in raw["consumes"]],
                    [dict(ref, site=Site(path, *ref["span"]),
                          task_sites=[(task, Site(path, start, end)) for task, start, end in ref["task_ids"]])
                     for ref in raw["refs"]],
                )
                index.dags.append(entry)
                index.by_id.setdefault(entry.id, []).append(entry)
                for asset, site in entry.produces:
                    index.producers.setdefault(asset, []).append((entry, site))
                index.unknown_outlets |= raw["unknown_outlets"]
        return index
