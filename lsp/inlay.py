"""Inlay hints, each kind of which can be turned off (`wflint.inlayHintKinds`):

* `schedules`: a cron schedule in plain English, after the value;
* `inheritedValues`: after a task's id, the `default_args` values the task receives from
  elsewhere than its DAG (a defaults.yml, the file's `default:` block) without setting them,
  and where they come from (`retries: 3 · from defaults.yml`); the DAG's own `default_args`
  are written above the tasks and not repeated;
* `upstreamCount`: after a task's id, how many tasks and groups it depends on directly.
"""

from __future__ import annotations

from lsprotocol import types

from wflint.yaml.tree import Scalar

from . import knowledge
from .convert import position, range_offsets
from .settings import INLAY_KINDS
from .workspace import Document

MAX_INHERITED_SHOWN = 3


def inlay_hints(document: Document, rng: types.Range, kinds=INLAY_KINDS) -> list[types.InlayHint]:
    workflow = document.model
    if workflow is None or document.result is None or not kinds:
        return []
    source = document.result.source
    start, end = range_offsets(source, rng)
    hints = []
    if "schedules" in kinds:
        hints.extend(_schedule_hints(workflow, source, start, end))
    if "inheritedValues" in kinds or "upstreamCount" in kinds:
        hints.extend(_task_hints(workflow, source, start, end, kinds))
    hints.sort(key=lambda hint: (hint.position.line, hint.position.character))
    return hints


def _schedule_hints(workflow, source, start: int, end: int) -> list[types.InlayHint]:
    hints = []
    seen = set()
    for schedule in _schedules(workflow):
        if id(schedule) in seen or not (start <= schedule.end <= end):
            continue
        seen.add(id(schedule))
        expression = str(schedule.value).strip()
        if not knowledge.is_cron(expression):
            continue
        explanation = knowledge.explain_schedule(expression)
        if explanation and not explanation.startswith("Not a valid"):  # the diagnostic says why
            hints.append(types.InlayHint(
                position=position(source, schedule.end),
                label=explanation,
                padding_left=True,
                tooltip=f"`{expression}`: {explanation}",
            ))
    return hints


def _task_hints(workflow, source, start: int, end: int, kinds) -> list[types.InlayHint]:
    hints = []
    for dag in workflow.dags:
        for task in dag.tasks:
            node = task.id_node
            if task.inherited or type(node) is not Scalar or not (start <= node.end <= end):
                continue
            if node.end <= node.start:
                continue
            at = position(source, _end_of_key(source.text, node, task.form))
            if "upstreamCount" in kinds:
                upstream = sorted({ref.name for ref in task.dependencies})
                if upstream:
                    hints.append(types.InlayHint(
                        position=at,
                        label=f"{len(upstream)} upstream",
                        padding_left=True,
                        tooltip="Runs after: " + ", ".join(f"`{name}`" for name in upstream),
                    ))
            if "inheritedValues" in kinds:
                hint = _inherited_hint(task, at, workflow.path)
                if hint is not None:
                    hints.append(hint)
    return hints


def _end_of_key(text: str, node: Scalar, form: str) -> int:
    """Where a hint after the task's id goes: after the id value (list form) or after the
    `name:` key of a task written as a mapping entry (dict form)."""
    if form == "dict":
        colon = text.find(":", node.end)
        newline = text.find("\n", node.end)
        if colon != -1 and (newline == -1 or colon < newline):
            return colon + 1
    return node.end


def _inherited_hint(task, at: types.Position, path: str) -> types.InlayHint | None:
    """`retries: 3, owner: data · from defaults.yml`: default_args from outside the DAG that the
    task does not set itself, grouped by where they come from (the `default:` block, a
    defaults.yml)."""
    defaults = task.dag.default_args
    if defaults is None:
        return None
    groups: dict[str, list[str]] = {}
    details = []
    for name, entry in defaults.entries.items():
        if name in task.config or type(entry.value) is not Scalar or entry.layer.kind == "dag":
            continue
        value = entry.value.value
        shown = value if len(value) <= 24 else value[:23] + "…"
        groups.setdefault(_origin(entry.layer, path), []).append(f"{name}: {shown}")
        details.append(f"- `{name}: {value}` ({entry.layer.describe(entry.key)})")
    if not groups:
        return None
    parts = []
    for origin, values in groups.items():
        listed = ", ".join(values[:MAX_INHERITED_SHOWN])
        if len(values) > MAX_INHERITED_SHOWN:
            listed += f", +{len(values) - MAX_INHERITED_SHOWN}"
        parts.append(f"{listed} · from {origin}")
    return types.InlayHint(
        position=at,
        label="; ".join(parts),
        padding_left=True,
        tooltip=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                    value="Inherited from `default_args`:\n" + "\n".join(details)),
    )


def _origin(layer, path: str) -> str:
    if layer.kind == "defaults-file":
        return layer.path.replace("\\", "/").rsplit("/", 1)[-1]
    if layer.kind == "default-block":
        return "`default:`"
    return "default_args"


def _schedules(workflow):
    """`schedule` values written in this file (each DAG's own, and the `default:` block's)."""
    for dag in workflow.dags:
        entry = dag.config.get("schedule")
        if entry is not None and entry.layer.path == workflow.path and type(entry.value) is Scalar:
            yield entry.value
    if workflow.kind == "defaults" and workflow.root is not None:
        from wflint.yaml.tree import mapping_get, Mapping

        if type(workflow.root) is Mapping:
            found = mapping_get(workflow.root, "schedule")
            if found is not None and type(found[1]) is Scalar:
                yield found[1]
