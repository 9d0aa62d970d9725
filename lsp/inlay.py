"""Inlay hints: a cron schedule in plain English, after the value."""

from __future__ import annotations

from lsprotocol import types

from wflint.yaml.tree import Scalar

from . import knowledge
from .convert import position, range_offsets
from .workspace import Document


def inlay_hints(document: Document, rng: types.Range) -> list[types.InlayHint]:
    workflow = document.model
    if workflow is None or document.result is None:
        return []
    source = document.result.source
    start, end = range_offsets(source, rng)
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
