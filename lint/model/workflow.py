"""The workflow model: files -> DAGs -> task groups -> tasks -> references.

Built once per document from the positioned YAML tree and shared by the CLI and the
language server. Effective configuration is merged on demand the way DAG Factory merges it
(the DAG's own keys, then the file's `default:` block, then the `defaults.yml` chain, closest
file first): mappings merge key by key, anything else is replaced whole. Every effective entry
remembers the layer it came from, so a message can say "inherited from defaults.yml:3".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..yaml.source import SourceText
from ..yaml.tree import Mapping, Node, Scalar, Sequence, YamlDocument, iter_pairs

if TYPE_CHECKING:
    from ..diagnostics import Fix

DEFAULT_BLOCK_KEY = "default"
# Top-level keys DAG Factory 1.0 skips: they are not DAGs (dagfactory.dagfactory.SYSTEM_PARAMS).
NON_DAG_KEYS = frozenset({DEFAULT_BLOCK_KEY, "task_groups"})

# Keys that only a DAG configuration has; used to tell workflow files from other YAML.
DAG_SIGNATURE_KEYS = frozenset(
    {
        "tasks", "task_groups", "schedule", "schedule_interval", "start_date", "default_args",
        "catchup", "dag_id", "timetable", "max_active_runs", "dagrun_timeout", "max_active_tasks",
    }
)

# Top-level keys of other YAML formats whose nested mappings can look like a DAG's (a
# Kubernetes CronJob's `spec` has a `schedule`): such files are never workflows.
FOREIGN_FORMAT_KEYS = (
    frozenset({"apiVersion", "kind"}),  # Kubernetes manifests
    frozenset({"AWSTemplateFormatVersion"}),  # CloudFormation
    frozenset({"on", "jobs"}),  # GitHub Actions workflows
)


@dataclass(frozen=True, slots=True)
class Layer:
    """Where configuration comes from: the DAG itself, the file's default block, or a
    defaults.yml file."""

    kind: str  # "dag", "default-block", "defaults-file"
    path: str
    source: SourceText

    def describe(self, node: Node) -> str:
        line, _ = self.source.line_col(node.start)
        if self.kind == "default-block":
            return f"the file's `default:` block (line {line})"
        name = self.path.replace("\\", "/").rsplit("/", 1)[-1]
        return f"{name}:{line}"


@dataclass(slots=True)
class Entry:
    """One effective key: its key node, its value node and the layer that supplied it."""

    key: Scalar
    value: Node
    layer: Layer

    @property
    def inherited(self) -> bool:
        return self.layer.kind != "dag"


class Merged:
    """A mapping merged across layers, highest precedence first, computed lazily."""

    __slots__ = ("layers", "_entries", "_subs", "_last_values")

    def __init__(self, layers: list[tuple[Mapping, Layer]]):
        self.layers = layers
        self._entries: dict[str, Entry] | None = None
        # sub() results: `dag.default_args` is asked for once per task by several rules, and a
        # fresh Merged would merge its entries again every time.
        self._subs: dict[str, Merged | None] | None = None
        # Per layer, each key's last value: built once, so that sub() of every key of a mapping
        # (the tasks of a dict-form `tasks:`) stays linear.
        self._last_values: list[dict[str, Node]] | None = None

    @property
    def entries(self) -> dict[str, Entry]:
        if self._entries is None:
            if len(self.layers) == 1:  # the common case: one mapping, no merging
                mapping, layer = self.layers[0]
                self._entries = {key.value: Entry(key, value, layer) for key, value in iter_pairs(mapping) if type(key) is Scalar}
                return self._entries
            entries: dict[str, Entry] = {}
            for mapping, layer in self.layers:
                own: dict[str, Entry] = {}
                for key, value in iter_pairs(mapping):
                    if type(key) is Scalar:
                        own[key.value] = Entry(key, value, layer)  # last duplicate wins
                for name, entry in own.items():
                    entries.setdefault(name, entry)
            self._entries = entries
        return self._entries

    def get(self, name: str) -> Entry | None:
        entries = self._entries  # the property only on first use: get() is the hottest call of the rules
        return (entries if entries is not None else self.entries).get(name)

    def __contains__(self, name: str) -> bool:
        return name in self.entries

    def keys(self):
        return self.entries.keys()

    def sub(self, name: str) -> "Merged | None":
        """The merged mapping under `name`, or None if the effective value is not a mapping."""
        subs = self._subs
        if subs is None:
            subs = self._subs = {}
        if name not in subs:
            subs[name] = self._sub(name)
        return subs[name]

    def _sub(self, name: str) -> "Merged | None":
        last_values = self._last_values
        if last_values is None:
            last_values = self._last_values = [
                {key.value: value for key, value in iter_pairs(mapping) if type(key) is Scalar}
                for mapping, _ in self.layers
            ]
        layers: list[tuple[Mapping, Layer]] = []
        for (mapping, layer), values in zip(self.layers, last_values):
            found = values.get(name)
            if found is None:
                continue
            if type(found) is not Mapping:
                break  # a non-mapping replaces everything below it
            layers.append((found, layer))
        return Merged(layers) if layers else None

    def scalar(self, name: str) -> Scalar | None:
        entry = self.entries.get(name)
        if entry is not None and type(entry.value) is Scalar:
            return entry.value
        return None


@dataclass(slots=True, eq=False)
class Ref:
    """A name written somewhere that refers to a task or group."""

    name: str
    node: Scalar
    start: int
    end: int


@dataclass(slots=True, eq=False)
class Task:
    id: str
    id_node: Scalar  # where the id is written (the `task_id` value, or the key in dict form)
    node: Mapping  # the task's own mapping (highest layer)
    config: Merged
    dag: "Dag"
    form: str  # "list" or "dict"
    dependencies: list[Ref] = field(default_factory=list)
    group: Ref | None = None
    inherited: bool = False  # defined in the default block / defaults.yml, not in the DAG
    memo: dict = field(default_factory=dict, repr=False)  # results derived from the task, computed once
    # The effective `operator` and `decorator` entries, looked up once: most rules ask for them,
    # for every task.
    operator: Entry | None = field(default=None, init=False, repr=False)
    decorator: Entry | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.operator = self.config.get("operator")
        self.decorator = self.config.get("decorator")


@dataclass(slots=True, eq=False)
class TaskGroup:
    name: str
    name_node: Scalar
    node: Mapping
    config: Merged
    dag: "Dag"
    form: str
    dependencies: list[Ref] = field(default_factory=list)
    parent: Ref | None = None
    inherited: bool = False


@dataclass(slots=True, eq=False)
class Dag:
    name: str
    key: Scalar
    node: Node  # the DAG's own configuration node (should be a mapping)
    config: Merged
    tasks: list[Task] = field(default_factory=list)
    groups: list[TaskGroup] = field(default_factory=list)
    tasks_by_id: dict[str, Task] = field(default_factory=dict)
    groups_by_name: dict[str, TaskGroup] = field(default_factory=dict)
    memo: dict = field(default_factory=dict, repr=False)  # results derived from the DAG, computed once

    @property
    def default_args(self) -> Merged | None:
        return self.config.sub("default_args")

    def find(self, name: str) -> Task | TaskGroup | None:
        return self.tasks_by_id.get(name) or self.groups_by_name.get(name)


@dataclass(slots=True, eq=False)
class DefaultsFile:
    path: str
    source: SourceText
    document: YamlDocument

    @property
    def mapping(self) -> Mapping | None:
        root = self.document.root
        return root if type(root) is Mapping else None


@dataclass(slots=True, eq=False)
class WorkflowFile:
    path: str
    source: SourceText
    document: YamlDocument
    kind: str  # "workflow", "defaults", "other"
    dags: list[Dag] = field(default_factory=list)
    default_block: Entry | None = None
    defaults_chain: list[DefaultsFile] = field(default_factory=list)

    @property
    def root(self) -> Node | None:
        return self.document.root

    def own_mappings(self) -> list[Mapping]:
        """The configuration mappings written in this file: each DAG's and the `default:`
        block's, or a defaults.yml's whole mapping (what rules about DAG-level keys look at
        once, without inheritance)."""
        if self.kind == "defaults":
            return [self.root] if type(self.root) is Mapping else []
        mappings = [dag.node for dag in self.dags if type(dag.node) is Mapping]
        if self.default_block is not None and type(self.default_block.value) is Mapping:
            mappings.append(self.default_block.value)
        return mappings

    def dag(self, name: str) -> Dag | None:
        for dag in self.dags:
            if dag.name == name:
                return dag
        return None


def classify(path: str, document: YamlDocument) -> str:
    """'defaults' for a defaults.yml, 'workflow' for DAG Factory configuration, else 'other'."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    if name in ("defaults.yml", "defaults.yaml"):
        return "defaults"
    root = document.root
    if type(root) is not Mapping:
        return "other"
    top_level = {key.value for key, _ in iter_pairs(root) if type(key) is Scalar}
    if any(keys <= top_level for keys in FOREIGN_FORMAT_KEYS):
        return "other"
    for key, value in iter_pairs(root):
        if type(value) is Mapping and type(key) is Scalar:
            for inner_key, _ in iter_pairs(value):
                if type(inner_key) is Scalar and inner_key.value in DAG_SIGNATURE_KEYS:
                    return "workflow"
    return "other"


def build_workflow(
    path: str,
    source: SourceText,
    document: YamlDocument,
    kind: str,
    defaults_chain: list[DefaultsFile] | None = None,
) -> WorkflowFile:
    workflow = WorkflowFile(path, source, document, kind, defaults_chain=list(defaults_chain or []))
    root = document.root
    if kind != "workflow" or type(root) is not Mapping:
        return workflow

    dag_layer = Layer("dag", path, source)
    lower_layers: list[tuple[Mapping, Layer]] = []
    for key, value in iter_pairs(root):
        if type(key) is Scalar and key.value == DEFAULT_BLOCK_KEY:
            workflow.default_block = Entry(key, value, Layer("default-block", path, source))
    if workflow.default_block is not None and type(workflow.default_block.value) is Mapping:
        lower_layers.append((workflow.default_block.value, workflow.default_block.layer))
    for defaults in workflow.defaults_chain:
        if defaults.mapping is not None:
            lower_layers.append((defaults.mapping, Layer("defaults-file", defaults.path, defaults.source)))

    last_by_name: dict[str, tuple[Scalar, Node]] = {}
    for key, value in iter_pairs(root):
        if type(key) is not Scalar or key.value in NON_DAG_KEYS:
            continue
        last_by_name[key.value] = (key, value)  # PyYAML keeps the last duplicate DAG
    for name, (key, value) in last_by_name.items():
        layers = ([(value, dag_layer)] if type(value) is Mapping else []) + lower_layers
        dag = Dag(name=name, key=key, node=value, config=Merged(layers))
        _build_tasks(dag)
        _build_groups(dag)
        workflow.dags.append(dag)
    return workflow


def ref_replacement(ref: Ref, candidates) -> tuple[str, "Fix | None"]:
    """For a name that refers to nothing: ' (did you mean `x`?)' and an editor fix that writes
    `x` in its place, or ('', None) when nothing is close."""
    from ..diagnostics import Fix, TextEdit
    from ..suggest import closest

    suggestion = closest(ref.name, candidates)
    if not suggestion:
        return "", None
    return f" (did you mean `{suggestion[0]}`?)", Fix(
        f"Replace with `{suggestion[0]}`", (TextEdit(ref.start, ref.end, suggestion[0]),), safe=False
    )


def _refs(node: Node | None) -> list[Ref]:
    if node is None:
        return []
    items = node.items if type(node) is Sequence else [node] if type(node) is Scalar and node.value else []
    return [Ref(str(item.value), item, item.start, item.end) for item in items if type(item) is Scalar]


def _single_ref(node: Node | None) -> Ref | None:
    if type(node) is Scalar and node.typed is not None:
        return Ref(node.value, node, node.start, node.end)
    return None


def _collection(dag: Dag, name: str, id_key: str):
    """Yield (id, id_node, own mapping, merged config, form, inherited) for tasks or groups in
    list form (the winning layer's list) or dict form (merged across layers by name)."""
    entry = dag.config.get(name)
    if entry is None:
        return
    inherited = entry.layer.kind != "dag"
    if type(entry.value) is Sequence:
        for item in entry.value.items:
            if type(item) is not Mapping:
                continue
            config = Merged([(item, entry.layer)])
            id_node = config.scalar(id_key)
            if id_node is None:
                # Without an id the item still belongs to the DAG; rules report it.
                yield None, item, item, config, "list", inherited
                continue
            yield str(id_node.value), id_node, item, config, "list", inherited
    elif type(entry.value) is Mapping:
        merged = dag.config.sub(name)
        if merged is None:
            return
        for item_name, item_entry in merged.entries.items():
            config = merged.sub(item_name)
            own = item_entry.value if type(item_entry.value) is Mapping else None
            if config is None or own is None:
                config = Merged([])
                own = Mapping(item_entry.key.start)
            yield item_name, item_entry.key, own, config, "dict", item_entry.layer.kind != "dag"


def _build_tasks(dag: Dag) -> None:
    _build_members(dag, "tasks", "task_id", Task, "task_group_name", "group", dag.tasks, dag.tasks_by_id)


def _build_groups(dag: Dag) -> None:
    _build_members(dag, "task_groups", "group_name", TaskGroup, "parent_group_name", "parent", dag.groups, dag.groups_by_name)


def _build_members(dag: Dag, collection: str, id_key: str, cls, group_key: str, group_attr: str, members: list, by_name: dict) -> None:
    """Tasks or task groups: each with its dependencies and the group it belongs to (for a
    group, its parent group). Without an id a member still belongs to the DAG; rules report it."""
    for name, name_node, own, config, form, inherited in _collection(dag, collection, id_key):
        if name is None:
            members.append(cls("", Scalar("", None, own.start, own.start), own, config, dag, form, inherited=inherited))
            continue
        member = cls(name, name_node, own, config, dag, form, inherited=inherited)
        deps = config.get("dependencies")
        member.dependencies = _refs(deps.value if deps else None)
        group = config.get(group_key)
        setattr(member, group_attr, _single_ref(group.value) if group else None)
        members.append(member)
        by_name.setdefault(name, member)
