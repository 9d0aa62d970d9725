"""The workspace index: every workflow file of the workspace folders, open or not, and the
project rules (WF6xx) over it, plus navigation across files.

Built on the core's index (`wflint.model.index`, `wflint.engine.lint_project`): each file's
facts come from its lint result, open documents from their newest result, closed files from a
lint of the file on disk. Closed files are linted on the server's lint thread in small chunks,
each chunk queued only when the previous one ends, so an edit's lint never waits for more than
one chunk. After the facts change, the project rules run again, on the lint thread too (debounced,
a newer run superseding an older one not started), and the server publishes what changed.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import time
from typing import Callable

from lsprotocol import types

from wflint.airflowignore import FILE_NAME
from wflint.discovery import collect, collected, honours_airflowignore
from wflint.engine import LintResult, lint_project, lint_text
from wflint.model.index import ProjectIndex

from .convert import path_to_uri, to_range, uri_to_path

log = logging.getLogger(__name__)
CHUNK = 25
PROJECT_JOB = "wflint-project"  # the lint thread's name for a run of the project rules
WORKFLOW_SUFFIXES = (".yml", ".yaml")


def _stripped(result: LintResult) -> LintResult:
    """What the index keeps of a closed file's lint: its text index and facts (no model)."""
    kept = LintResult(result.path, result.source, None, [])
    kept.facts = result.facts
    return kept


class WorkspaceIndex:
    def __init__(self, state, on_changed: Callable[[set], None] = lambda paths: None) -> None:
        self.state = state
        self.on_changed = on_changed
        self.folders: list[str] = []
        self.closed: dict[str, LintResult] = {}  # path -> stripped result of the file on disk
        self.project_diagnostics: dict[str, list] = {}  # path -> WF6xx diagnostics
        self.index = ProjectIndex()
        self._facts: dict[str, object] = {}  # the facts the last run saw, by path
        self._pending: list[str] = []
        self.members: set[str] = set()  # the workspace folders' workflow files, as `wflint check` collects them
        self._verdicts: dict[str, bool] = {}  # path -> belongs, for files not collected (opened, created since)
        self._busy = False
        self.ready = False
        self.indexed_s: float | None = None
        self.generation = 0  # bumped when any file's project diagnostics change (pull result ids)
        self._keys: dict[str, list] = {}  # path -> comparison keys of its project diagnostics
        self._timer: asyncio.TimerHandle | None = None  # a debounced run of the project rules
        self._queued = None  # the Future of the newest run not finished yet
        self._runs_started = 0
        self.runs = 0  # runs whose outcome was taken
        self.run_s: float | None = None  # how long the newest taken run took on the lint thread

    # -- building ------------------------------------------------------------------------------

    def start(self, folders: list[str], waited: float = 0.0) -> None:
        """Index the folders once the open documents' first lints are published (they come
        first), or after 2 s whatever happens."""
        loop = asyncio.get_running_loop()
        if waited == 0.0:
            self._started = loop.time()
        busy = any(document.result is None for document in self.state.documents.values())
        if busy and waited < 2.0:
            loop.call_later(0.02, self.start, folders, waited + 0.02)
            return
        self.folders = [folder for folder in folders if os.path.isdir(folder)]
        if not self.folders:
            self.ready = True
            return
        self._pending = self._collect()
        self._next_chunk()

    def _honours(self):
        honours = honours_airflowignore(self.state.project)

        def safely(config) -> bool:
            try:
                return honours(config)
            except Exception:  # noqa: BLE001 (an invalid target is reported by linting)
                return False

        return safely

    def _collect(self) -> list[str]:
        """The workspace's workflow files, as `wflint check` on its folders collects them (the
        configuration's include/exclude, `.airflowignore` files when the target's DAG Factory
        honours them)."""
        self._verdicts = {}
        self.members = set(collect(self.folders, self.state.project.config_for, self._honours()))
        return sorted(self.members)

    def _folder_of(self, path: str) -> str | None:
        for folder in self.folders:
            if path.startswith(folder.rstrip(os.sep) + os.sep):
                return folder
        return None

    def _in_workspace(self, path: str) -> bool:
        return self._folder_of(path) is not None

    def belongs(self, path: str) -> bool:
        """Whether a file is one of the project's: a workflow file of a workspace folder that
        `wflint check` would collect (an ignored file is not, even when open), or an open
        document outside every folder."""
        folder = self._folder_of(path)
        if folder is None or path in self.members:
            return True
        verdict = self._verdicts.get(path)
        if verdict is None:
            verdict = self._verdicts[path] = collected(path, folder, self.state.project.config_for, self._honours())
        return verdict

    def _next_chunk(self) -> None:
        if self._busy:
            return
        open_paths = {document.path for document in self.state.documents.values()}
        chunk = []
        while self._pending and len(chunk) < CHUNK:
            path = self._pending.pop(0)
            if path not in open_paths:
                chunk.append(path)
        if not chunk:
            if not self.ready:
                self.ready = True
                self.indexed_s = asyncio.get_running_loop().time() - self._started
                log.info("wflint: indexed %d files in %.2f s", len(self.closed), self.indexed_s)
            self.recompute()
            return
        self._busy = True
        project = self.state.project
        future = self.state._worker.submit("wflint-index", _lint_chunk, chunk, project)
        loop = asyncio.get_running_loop()

        def finished(done) -> None:
            try:
                loop.call_soon_threadsafe(self._chunk_done, chunk, done)
            except RuntimeError:
                pass

        future.add_done_callback(finished)

    def _chunk_done(self, chunk: list[str], future) -> None:
        self._busy = False
        try:
            results = future.result()
        except Exception as error:  # noqa: BLE001
            log.error("indexing failed: %s", error)
            results = []
        open_paths = {document.path for document in self.state.documents.values()}
        for path, result in zip(chunk, results):
            if result is None or path in open_paths or path not in self.members:
                self.closed.pop(path, None)
            else:
                self.closed[path] = result
        self._next_chunk()  # the last chunk runs the project rules

    def reindex(self, relint: bool = True) -> None:
        """The configuration changed (settings, a wflint.toml / pyproject.toml): which files
        belong and what their facts are may differ. Open documents re-lint on their own. With
        `relint` False (an `.airflowignore` changed) only which files belong may differ: files
        that join are read, the others keep their facts."""
        if not self.ready or not self.folders:
            return
        paths = self._collect()
        for path in set(self.closed) - self.members:
            del self.closed[path]
        fresh = paths if relint else [path for path in paths if path not in self.closed]
        self._pending = [path for path in fresh if path not in self._pending] + self._pending
        if self._pending:
            self._next_chunk()
        else:
            self.recompute()

    def files_changed(self, changes: list[tuple[str, int]]) -> None:
        """Workflow files created, changed (1, 2) or deleted (3) on disk."""
        ignores_changed = False
        for path, kind in changes:
            name = os.path.basename(path)
            if name.lower() in ("wflint.toml", "pyproject.toml"):
                self.reindex()
                continue
            if name == FILE_NAME:
                ignores_changed = True
                continue
            if not self._in_workspace(path):
                continue
            self._verdicts.pop(path, None)
            if kind == types.FileChangeType.Deleted:
                # A deleted folder may come as one event: what was below it goes too.
                below = path.rstrip(os.sep) + os.sep
                for gone in [known for known in self.closed if known == path or known.startswith(below)]:
                    del self.closed[gone]
                self.members = {known for known in self.members if known != path and not known.startswith(below)}
                self._pending = [known for known in self._pending if known != path and not known.startswith(below)]
            elif not path.lower().endswith(WORKFLOW_SUFFIXES):
                continue
            elif not self.belongs(path):
                self.closed.pop(path, None)  # under an ignored or excluded folder
            else:
                self.members.add(path)
                if path not in self._pending:
                    self._pending.append(path)
        if ignores_changed:
            self.reindex(relint=False)
            return
        if self._pending:
            self._next_chunk()
        else:
            self.recompute()

    def document_closed(self, path: str) -> None:
        """A closed document's facts are the file on disk's again."""
        if self._in_workspace(path) and os.path.isfile(path):
            self.files_changed([(path, types.FileChangeType.Changed)])
        else:
            self.recompute()

    def document_opened(self, path: str) -> None:
        """Nothing yet: the file on disk's facts count until the document's first lint commits
        (a run meanwhile would otherwise lose the file's DAGs for a moment)."""

    # -- the project rules ---------------------------------------------------------------------

    def results(self) -> list[LintResult]:
        """Fresh copies (the project rules append to them) of every file's newest result."""
        found: dict[str, LintResult] = {}
        for path, result in self.closed.items():
            found[path] = _stripped(result)
        for document in self.state.documents.values():
            if document.result is not None and document.result.source is not None and self.belongs(document.path):
                found[document.path] = _stripped(document.result)
        return list(found.values())

    def document_committed(self, path: str, facts) -> None:
        """An open document's newest result: run the project rules again if its facts changed."""
        self.closed.pop(path, None)  # the document's result speaks for the file now
        if not self.ready:
            return  # the end of indexing runs them
        if self._facts.get(path) == facts or (path not in self._facts and not self.belongs(path)):
            return
        self.recompute(self.state.settings.debounce_ms / 1000)

    def recompute(self, delay: float = 0.0) -> None:
        """Run the project rules again on the lint thread, after `delay` seconds (a debounce:
        each call restarts it). A newer call supersedes an older run not started yet (it is
        cancelled); one already running finishes, and its outcome is dropped, as only the
        newest run's is published."""
        if not self.ready:
            return
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._queued is not None and self._queued.cancel():
            self._queued = None
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop (unit use): run now, on this thread
            results = self.results()
            self._facts = {result.path: result.facts for result in results}
            self._apply(_run_project(results, self.state.project, bool(self.folders)))
            return
        if delay > 0:
            self._timer = loop.call_later(delay, self._submit)
        else:
            self._submit()

    def _submit(self) -> None:
        self._timer = None
        # A snapshot of every file's facts, taken on the loop: the run reads only these copies.
        results = self.results()
        self._facts = {result.path: result.facts for result in results}
        self._runs_started += 1
        run = self._runs_started
        future = self.state._worker.submit(PROJECT_JOB, _run_project, results, self.state.project, bool(self.folders))
        self._queued = future
        loop = asyncio.get_running_loop()

        def finished(done) -> None:
            try:
                loop.call_soon_threadsafe(self._run_done, run, done)
            except RuntimeError:  # the loop is closed: shutting down
                pass

        future.add_done_callback(finished)

    def _run_done(self, run: int, future) -> None:
        if self._queued is future:
            self._queued = None
        if future.cancelled() or run != self._runs_started:
            return  # superseded: a newer run's outcome is the one to publish
        try:
            outcome = future.result()
        except Exception as error:  # noqa: BLE001 (a bug there must not cost the file diagnostics)
            log.error("project rules failed: %s", error, exc_info=error)
            return
        self._apply(outcome)

    def _apply(self, outcome) -> None:
        """Take a finished run's index and diagnostics; tell which files' diagnostics changed."""
        if outcome is None:
            return
        self.runs += 1
        index, found, keys, self.run_s = outcome
        self.index = index
        changed = {path for path in set(keys) | set(self._keys)
                   if keys.get(path, []) != self._keys.get(path, [])}
        self.project_diagnostics, self._keys = found, keys
        if changed:
            self.generation += 1
            self.on_changed(changed)

    @property
    def running(self) -> bool:
        """A run of the project rules is queued or running on the lint thread."""
        return self._queued is not None

    def source_of(self, path: str):
        for document in self.state.documents.values():
            if document.path == path:
                return document.source if document.result is None else (document.result.source or document.source)
        result = self.closed.get(path)
        return result.source if result is not None else None


def _keys(diagnostics: list) -> list:
    return [(d.code, d.start, d.end, d.message) for d in diagnostics]


def _run_project(results: list[LintResult], project, complete: bool):
    """On the lint thread: the project rules over a snapshot of every file's facts. Returns the
    index, each file's project diagnostics and their comparison keys (None when the rules
    failed: the diagnostics shown stay)."""
    started = time.perf_counter()
    try:
        # Without a workspace folder only open documents are known: rules that need every
        # file (unknown DAGs, assets without a producer) stay quiet, as for a partial CLI run.
        index = lint_project(results, project, complete=complete) or ProjectIndex()
    except Exception as error:  # noqa: BLE001 (a bug there must not cost the file diagnostics)
        log.error("project rules failed: %s", error, exc_info=error)
        return None
    found = {result.path: result.diagnostics for result in results if result.diagnostics}
    return index, found, {path: _keys(items) for path, items in found.items()}, time.perf_counter() - started


def _facts_only(path: str, project) -> LintResult | None:
    """The model and facts of a file on disk, by the core's own lint with no per-file rule
    selected: a closed file shows only project diagnostics, which read its facts (and its text,
    for inline suppressions). About a third of a full lint's time."""
    try:
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    config = dataclasses.replace(project.config_for(path), select=())
    return lint_text(path, text, project, config=config)


def _lint_chunk(paths: list[str], project) -> list:
    out = []
    for path in paths:
        try:
            result = _facts_only(path, project)
            out.append(_stripped(result) if result is not None and result.source is not None else None)
        except Exception as error:  # noqa: BLE001
            log.error("indexing %s failed: %s", path, error)
            out.append(None)
    return out


# -- navigation across files -------------------------------------------------------------------


def _location(index: WorkspaceIndex, site) -> types.Location | None:
    source = index.source_of(site.path)
    if source is None:
        return None
    return types.Location(uri=path_to_uri(site.path), range=to_range(source, site.start, site.end))


def _here(index: WorkspaceIndex, path: str, offset: int):
    """What of the project index is at this offset of this file: ("dag", id), ("task", dag, task),
    ("consumes", asset), ("produces", asset), or None."""
    for entry in index.index.dags:
        if entry.site.path != path:
            continue
        if entry.site.start <= offset <= entry.site.end:
            return ("dag", entry.id)
        for ref in entry.refs:
            if ref["site"].start <= offset <= ref["site"].end:
                return ("dag", ref["dag"])
            for task, site in ref["task_sites"]:
                if site.start <= offset <= site.end:
                    return ("task", ref["dag"], task)
        for asset, site in entry.consumes:
            if site.start <= offset <= site.end:
                return ("consumes", asset)
        for asset, site in entry.produces:
            if site.start <= offset <= site.end:
                return ("produces", asset)
    return None


def definition(index: WorkspaceIndex, uri: str, offset: int) -> list[types.Location]:
    here = _here(index, uri_to_path(uri), offset)
    if here is None:
        return []
    sites = []
    if here[0] == "dag":
        sites = [entry.site for entry in index.index.by_id.get(here[1], [])]
    elif here[0] == "task":
        sites = [entry.tasks[here[2]] for entry in index.index.by_id.get(here[1], []) if here[2] in entry.tasks]
    elif here[0] == "consumes":
        sites = [site for _, site in index.index.producers.get(here[1], [])]
    elif here[0] == "produces":
        sites = [site for entry in index.index.dags for asset, site in entry.consumes if asset == here[1]]
    return [location for location in (_location(index, site) for site in sites) if location is not None]


def references(index: WorkspaceIndex, uri: str, offset: int, include_declaration: bool) -> list[types.Location]:
    here = _here(index, uri_to_path(uri), offset)
    if here is None or here[0] != "dag":
        return []
    sites = [entry.site for entry in index.index.by_id.get(here[1], [])] if include_declaration else []
    sites += [ref["site"] for entry in index.index.dags for ref in entry.refs if ref["dag"] == here[1]]
    return [location for location in (_location(index, site) for site in sites) if location is not None]


def _fuzzy(query: str, name: str) -> bool:
    """The query's characters in order in the name, ignoring case (as editors match)."""
    position = 0
    name = name.lower()
    for char in query.lower():
        position = name.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


def workspace_symbols(index: WorkspaceIndex, query: str, limit: int = 500) -> list[types.SymbolInformation]:
    out: list[types.SymbolInformation] = []
    for entry in index.index.dags:
        if _fuzzy(query, entry.id):
            location = _location(index, entry.site)
            if location is not None:
                out.append(types.SymbolInformation(name=entry.id, kind=types.SymbolKind.Module, location=location,
                                                   container_name=os.path.basename(entry.site.path)))
        for task, site in entry.tasks.items():
            if _fuzzy(query, task):
                location = _location(index, site)
                if location is not None:
                    out.append(types.SymbolInformation(name=task, kind=types.SymbolKind.Function, location=location,
                                                       container_name=entry.id))
        if len(out) >= limit:
            break
    return out[:limit]
