"""Per-document state, computed on change, that every feature reads.

A `Document` holds the editor's text (with its `SourceText` line index for position
conversions), the lint result of the newest text that was linted, and the last result whose YAML
parsed, which completion keeps using while the document is half-typed.

Publishing is debounced, linting is not: each change re-arms one timer per document and starts
linting the new text at once on a worker thread, so when the timer fires the result is usually
ready and diagnostics arrive right after the debounce delay instead of a lint's duration later.
A result is committed only if no newer change arrived meanwhile, so an old version's
diagnostics are never published after a newer one's. Requests that need the model for the
current text (hover, rename, code actions, pull diagnostics) flush first; no handler parses.
One lock serialises every lint (the rules and the project's caches are shared).
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable

from wflint.engine import DEFAULTS_NAMES, LintResult, Project, lint_text
from wflint.yaml.source import SourceText

from .convert import apply_change, uri_to_path
from .settings import Settings

log = logging.getLogger(__name__)


@dataclass(eq=False)
class Document:
    uri: str
    path: str
    version: int | None
    text: str
    source: SourceText
    generation: int = 0  # bumped on every text change; versions may be missing or repeat
    result: LintResult | None = None
    linted_generation: int = -1
    last_good: LintResult | None = None  # newest result whose YAML parsed (for completion)
    lint_runs: int = 0  # distinguishes results of the same text linted under new settings
    # Background lint of the newest text: (generation, future of LintResult), and whether the
    # debounce delay has passed so the result is to be published as soon as it is ready.
    pending: tuple[int, Future] | None = None
    due: bool = False
    derived: dict = field(default_factory=dict)  # features' caches of the current result

    @property
    def is_defaults(self) -> bool:
        return os.path.basename(self.path).lower() in DEFAULTS_NAMES

    @property
    def up_to_date(self) -> bool:
        return self.result is not None and self.linted_generation == self.generation

    @property
    def model(self):
        """The newest workflow model, parsed or not (None before the first lint)."""
        return self.result.workflow if self.result is not None else None

    @property
    def good_model(self):
        """The newest model whose YAML parsed: names and operators to complete from."""
        return self.last_good.workflow if self.last_good is not None else None


@dataclass
class WorkspaceState:
    settings: Settings = field(default_factory=Settings)
    on_linted: Callable[[Document], None] = lambda document: None
    on_problem: Callable[[str], None] = lambda message: None
    documents: dict[str, Document] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._lint_lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wflint-lint")
        self.project = self._new_project()

    def _new_project(self) -> Project:
        project = Project(config_override=self.settings.config_override(self.on_problem))
        for document in self.documents.values():
            if document.is_defaults:
                project.open_documents[document.path] = document.text
        return project

    # -- text synchronisation ------------------------------------------------------------------

    def open(self, uri: str, text: str, version: int | None) -> Document:
        document = Document(uri, uri_to_path(uri), version, text, SourceText(text))
        self.documents[uri] = document
        if document.is_defaults:
            self.project.open_documents[document.path] = text
            self.project.invalidate_defaults(document.path)
        self.lint(document)
        if document.is_defaults:
            self.relint_dependents(document.path)
        return document

    def change(self, uri: str, version: int | None, changes) -> Document | None:
        document = self.documents.get(uri)
        if document is None:
            return None
        text = document.text
        for change in changes:
            text = apply_change(text, change)
        document.text = text
        document.source = SourceText(text)
        document.version = version
        document.generation += 1
        if document.is_defaults:
            self.project.open_documents[document.path] = text
            self.project.invalidate_defaults(document.path)
        self.schedule(document)
        return document

    def save(self, uri: str) -> Document | None:
        document = self.documents.get(uri)
        if document is None:
            return None
        self.lint(document)
        if document.is_defaults:
            self.project.invalidate_defaults(document.path)
            self.relint_dependents(document.path)
        return document

    def close(self, uri: str) -> Document | None:
        self._cancel(uri)
        document = self.documents.pop(uri, None)
        if document is not None and document.is_defaults:
            self.project.open_documents.pop(document.path, None)
            self.project.invalidate_defaults(document.path)
            self.relint_dependents(document.path)  # back to the saved file's content
        return document

    def get(self, uri: str) -> Document | None:
        return self.documents.get(uri)

    # -- linting -------------------------------------------------------------------------------

    def schedule(self, document: Document) -> None:
        """Lint the new text now in the background; publish after the debounce delay."""
        self._cancel(document.uri)
        document.due = False
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop (unit use): lint now
            self.lint(document)
            return
        self._start_background(document, loop)
        delay = self.settings.debounce_ms / 1000
        self._timers[document.uri] = loop.call_later(delay, self._debounce_over, document.uri, document.generation)

    def _start_background(self, document: Document, loop) -> None:
        running = document.pending
        if running is not None and not running[1].done():
            return  # one lint per document at a time; its completion starts the newest text
        generation, text, project = document.generation, document.text, self.project
        future = self._worker.submit(self._lint_text, document.path, text, project)
        document.pending = (generation, future)

        def finished(_future) -> None:
            try:
                loop.call_soon_threadsafe(self._background_done, document, generation, project)
            except RuntimeError:  # the loop is closed: shutting down
                pass

        future.add_done_callback(finished)

    def _background_done(self, document: Document, generation: int, project: Project) -> None:
        try:
            self._settle(document, generation, project)
        except Exception:  # a callback on the event loop: log, never propagate
            log.exception("finishing the lint of %s failed", document.uri)

    def _settle(self, document: Document, generation: int, project: Project) -> None:
        if self.documents.get(document.uri) is not document:
            return  # closed meanwhile
        if document.generation != generation or project is not self.project:
            # Superseded by newer text or settings: lint the newest now (still no publish
            # before its own debounce delay has passed).
            if document.pending is not None and document.pending[0] == generation:
                self._start_background(document, asyncio.get_running_loop())
            return
        if document.due:
            self._commit_pending(document)

    def _debounce_over(self, uri: str, generation: int) -> None:
        self._timers.pop(uri, None)
        document = self.documents.get(uri)
        if document is None or document.generation != generation:
            return  # closed, or a newer change has its own timer
        document.due = True
        pending = document.pending
        if pending is not None and pending[0] == generation:
            if pending[1].done():
                self._commit_pending(document)
            # else: _settle publishes when the lint finishes
        elif pending is not None and not pending[1].done():
            pass  # an older text is being linted; _settle then lints this one and publishes
        else:
            self._flush(document)  # no background lint of this text: lint it now

    def _commit_pending(self, document: Document) -> None:
        generation, future = document.pending
        document.pending = None
        document.due = False
        try:
            result = future.result()
        except Exception as error:  # the worker already logged; keep a usable state
            result = self._failed(document, error)
        self._commit(document, result, generation)
        if document.is_defaults:
            self.relint_dependents(document.path)

    def _flush(self, document: Document) -> None:
        """Bring the document's result up to date now (waiting for its background lint)."""
        self._cancel(document.uri)
        pending = document.pending
        if pending is not None and pending[0] == document.generation:
            pending[1].result()  # wait: the worker needs nothing from this thread
            self._commit_pending(document)
        else:
            self.lint(document)
            if document.is_defaults:
                self.relint_dependents(document.path)

    def _cancel(self, uri: str) -> None:
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()

    def current(self, uri: str) -> Document | None:
        """The document with a lint result for its current text (flushing a pending lint)."""
        document = self.documents.get(uri)
        if document is not None and not document.up_to_date:
            self._flush(document)
        return document

    def _lint_text(self, path: str, text: str, project: Project) -> LintResult:
        with self._lint_lock:
            return lint_text(path, text, project)

    def _failed(self, document: Document, error: BaseException) -> LintResult:
        log.error("lint failed for %s: %s", document.uri, error, exc_info=error)
        self.on_problem(f"wflint could not lint {os.path.basename(document.path)}: {error}")
        return LintResult(document.path, document.source, None, [])

    def lint(self, document: Document) -> None:
        """Lint the current text now, on this thread, and publish."""
        try:
            result = self._lint_text(document.path, document.text, self.project)
        except Exception as error:  # a config error or a core bug: keep serving the rest
            result = self._failed(document, error)
        self._commit(document, result, document.generation)

    def _commit(self, document: Document, result: LintResult, generation: int) -> None:
        if generation != document.generation:
            return  # never replace (or publish) a newer text's result with an older one's
        document.result = result
        document.derived = {}  # caches of the previous result
        document.linted_generation = generation
        document.lint_runs += 1
        if result.workflow is not None and result.workflow.document.syntax_ok:
            document.last_good = result
        self.on_linted(document)

    def relint_dependents(self, defaults_path: str) -> None:
        """Re-check open workflows below the folder of a changed defaults.yml."""
        folder = os.path.dirname(defaults_path) + os.sep
        for document in list(self.documents.values()):
            if document.path != defaults_path and document.path.startswith(folder) and not document.is_defaults:
                self._cancel(document.uri)
                self.lint(document)

    def relint_all(self) -> None:
        for document in list(self.documents.values()):
            self._cancel(document.uri)
            self.lint(document)

    # -- configuration and files on disk --------------------------------------------------------

    def reconfigure(self, settings: Settings) -> None:
        self.settings = settings
        self.project = self._new_project()
        self.relint_all()

    def files_changed(self, paths: list[str]) -> None:
        """Files changed on disk (watched by the client): config and defaults.yml matter."""
        relint = False
        for path in paths:
            name = os.path.basename(path).lower()
            if name in ("pyproject.toml", "wflint.toml"):
                self.project.forget_config()
                relint = True
            elif name in DEFAULTS_NAMES:
                self.project.invalidate_defaults(path)
                relint = True
        if relint:
            self.relint_all()
