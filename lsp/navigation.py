"""Go to definition, find references, rename: over the DAG's task and group mentions."""

from __future__ import annotations

import re

from lsprotocol import types

from wflint.yaml.tree import Mapping, Scalar, iter_pairs

from . import knowledge
from .convert import path_to_uri, to_range
from .mentions import TASK, cached_mentions, dag_at, mention_at, same_target
from .workspace import Document

TASK_ID = re.compile(r"^[\w.-]{1,250}$")
GROUP_NAME = re.compile(r"^[\w-]{1,200}$")
FILE_KEYS = ("python_callable_file", "doc_md_file_path", "doc_md_python_callable_file",
             "on_success_callback_file", "on_failure_callback_file", "sla_miss_callback_file")


class NotRenameable(Exception):
    """Why a position cannot be renamed, in words for the user."""


def _mentions_at(document: Document, offset: int):
    workflow = document.model
    dag = dag_at(workflow, offset)
    if dag is None:
        return None, [], None
    mentions = cached_mentions(document, dag)
    return dag, mentions, mention_at(mentions, offset)


def definition(document: Document, offset: int, config) -> list[types.Location]:
    dag, mentions, mention = _mentions_at(document, offset)
    source = document.result.source if document.result else document.source
    if mention is not None:
        targets = [m for m in same_target(mentions, mention) if m.definition]
        if not targets:  # inherited from a defaults.yml: its own file
            found = dag.find(mention.name)
            return _inherited_location(found)
        return [types.Location(uri=document.uri, range=to_range(source, m.start, m.end)) for m in targets]
    return _file_definition(document, offset, config)


def _inherited_location(found) -> list[types.Location]:
    if found is None:
        return []
    node = getattr(found, "id_node", None) or getattr(found, "name_node", None)
    entry = found.config.get("task_id") or found.config.get("group_name") or next(iter(found.config.entries.values()), None)
    if node is None or entry is None:
        return []
    layer = entry.layer
    return [types.Location(uri=path_to_uri(layer.path), range=to_range(layer.source, node.start, node.end))]


def _file_definition(document: Document, offset: int, config) -> list[types.Location]:
    """From a `python_callable_file` (or other *_file) value to the file."""
    root = document.model.root if document.model else None
    if type(root) is not Mapping:
        return []
    for node in _scalars_with_keys(root):
        key, value = node
        if key.value in FILE_KEYS and type(value) is Scalar and value.start <= offset <= value.end and value.value:
            path = knowledge.resolve_file(str(value.value), document.path, config)
            if path:
                start = types.Position(line=0, character=0)
                return [types.Location(uri=path_to_uri(path), range=types.Range(start=start, end=start))]
    return []


def _scalars_with_keys(root):
    stack = [root]
    seen = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if type(node) is Mapping:
            for key, value in iter_pairs(node):
                if type(key) is Scalar:
                    yield key, value
                stack.append(value)
        elif hasattr(node, "items"):
            stack.extend(node.items)


def references(document: Document, offset: int, include_declaration: bool) -> list[types.Location]:
    _, mentions, mention = _mentions_at(document, offset)
    if mention is None:
        return []
    source = document.result.source
    return [
        types.Location(uri=document.uri, range=to_range(source, m.start, m.end))
        for m in same_target(mentions, mention)
        if include_declaration or not m.definition
    ]


def prepare_rename(document: Document, offset: int) -> types.PrepareRenameResult:
    dag, mentions, mention = _mentions_at(document, offset)
    if mention is None:
        raise NotRenameable("Only a task id or a task group name can be renamed (here, or where a dependency, "
                            "task_group_name, parent_group_name or +task names it).")
    if not any(m.definition for m in same_target(mentions, mention)):
        raise NotRenameable(f"`{mention.name}` is not defined in this file (inherited from a defaults.yml, or "
                            "unknown): rename it where it is defined.")
    source = document.result.source
    return types.PrepareRenamePlaceholder(range=to_range(source, mention.start, mention.end), placeholder=mention.name)


def rename(document: Document, offset: int, new_name: str) -> types.WorkspaceEdit:
    dag, mentions, mention = _mentions_at(document, offset)
    if mention is None:
        raise NotRenameable("Only a task id or a task group name can be renamed.")
    pattern, what = (TASK_ID, "task id") if mention.target == TASK else (GROUP_NAME, "group name")
    if not pattern.match(new_name):
        allowed = "letters, digits, `_`, `-` and `.`" if mention.target == TASK else "letters, digits, `_` and `-`"
        raise NotRenameable(f"`{new_name}` is not a valid {what}: use {allowed}.")
    if new_name != mention.name and (new_name in dag.tasks_by_id or new_name in dag.groups_by_name):
        raise NotRenameable(f"`{new_name}` is already a task or group of DAG `{dag.name}`.")
    source = document.result.source
    edits = [
        types.TextEdit(range=to_range(source, m.start, m.end), new_text=new_name)
        for m in same_target(mentions, mention)
    ]
    return types.WorkspaceEdit(changes={document.uri: edits})

