"""Go to definition, find references, rename: over the DAG's task and group mentions; definition
of an operator (its class in the provider's source, found in the configured interpreter without
importing anything, else its documentation page) and of `*_file` values."""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from typing import Callable

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
    operator = _operator_at(document, offset)
    if operator is not None:
        return operator_definition(operator, config)
    return _file_definition(document, offset, config)


@dataclass
class OperatorSources:
    """Where operator source is looked up, and how a documentation page is opened.
    `interpreter`: the Python interpreter whose site-packages hold the providers (None: the one
    running the server, which is `wflint.interpreter` when the extension starts the server with
    it). `open_external`: shows a URL in the user's browser (the server wires it to
    `window/showDocument`); without it, no page is opened."""

    interpreter: str | None = None
    open_external: Callable[[str], None] | None = None


SOURCES = OperatorSources()

# Finds a module's file without importing it (nor its parent packages, which may run code):
# each dotted part is looked up in the folders of the one before, from the interpreter's
# sys.path (site-packages, .pth entries), as the import system would for regular and
# namespace packages.
_FIND_MODULE = """
import os, sys
parts = sys.argv[1].split(".")
folders = [entry or os.getcwd() for entry in sys.path]
for index, part in enumerate(parts):
    if index == len(parts) - 1:
        for folder in folders:
            for candidate in (os.path.join(folder, part + ".py"), os.path.join(folder, part, "__init__.py")):
                if os.path.isfile(candidate):
                    print(candidate)
                    sys.exit(0)
    folders = [os.path.join(f, part) for f in folders if os.path.isdir(os.path.join(f, part))]
"""


def _operator_at(document: Document, offset: int) -> str | None:
    """The import path written as an `operator:` value under the cursor."""
    root = document.model.root if document.model else None
    if type(root) is not Mapping:
        return None
    for key, value in _scalars_with_keys(root):
        if key.value == "operator" and type(value) is Scalar and value.start <= offset <= value.end and value.value:
            return str(value.value).strip()
    return None


def operator_definition(import_path: str, config) -> list[types.Location]:
    """The operator's class in its source file when the provider is installed in the
    interpreter; else its documentation page is opened (and no location returned)."""
    info = knowledge.operator_info(config, import_path)
    path = info.canonical_path if info is not None else import_path
    for candidate in dict.fromkeys([path, import_path]):
        module, _, name = candidate.rpartition(".")
        found = module_file(module, SOURCES.interpreter or sys.executable) if module else None
        if found:
            return [_class_location(found, name)]
    url = documentation_url(info) if info is not None else None
    if url and SOURCES.open_external is not None:
        SOURCES.open_external(url)
    return []


@functools.lru_cache(maxsize=256)
def module_file(module: str, interpreter: str) -> str | None:
    """The source file of `module` in `interpreter`'s environment, by a subprocess that
    imports nothing (None when it is not installed or the interpreter cannot run)."""
    if not re.fullmatch(r"[A-Za-z_][\w.]*", module):
        return None
    try:
        done = subprocess.run([interpreter, "-c", _FIND_MODULE, module], capture_output=True, text=True,
                              timeout=10, cwd=os.path.dirname(interpreter) or None, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    origin = done.stdout.strip()
    if done.returncode != 0 or not origin.endswith(".py") or not os.path.isfile(origin):
        return None
    return origin


def _class_location(path: str, name: str) -> types.Location:
    line, column = 0, 0
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            pattern = re.compile(rf"^(\s*class\s+)({re.escape(name)})\b")
            for number, text in enumerate(handle):
                match = pattern.match(text)
                if match:
                    line, column = number, len(match.group(1))
                    break
    except OSError:
        pass
    start = types.Position(line=line, character=column)
    end = types.Position(line=line, character=column + (len(name) if line or column else 0))
    return types.Location(uri=path_to_uri(path), range=types.Range(start=start, end=end))


def documentation_url(info) -> str | None:
    """The operator's page in the provider's API reference on airflow.apache.org."""
    package = getattr(info, "package", None)
    path = info.canonical_path
    module = path.rpartition(".")[0]
    if not package or not module.startswith("airflow."):
        return None
    if package.startswith("apache-airflow-providers-"):
        return (f"https://airflow.apache.org/docs/{package}/stable/_api/{module.replace('.', '/')}/index.html#{path}")
    return None


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

