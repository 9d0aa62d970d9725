"""Per-document state, computed on change, that every feature reads.

A `Document` holds the editor's text (with its `SourceText` line index for position
conversions), the lint result of the newest text that was linted, and the last result whose YAML
parsed, which completion keeps using while the document is half-typed.

Linting never runs on the event loop. Opening, changing or saving a document, or a change of
what its lint reads (settings, a defaults.yml, a config file), starts a lint on the lint thread
(one daemon thread, one lint at a time: the rules and the project's caches are shared). At most
one lint per document runs; when it ends on superseded input, the newest input is linted next.
A result is committed only for the document's current input, so an old version's diagnostics are
never published after a newer one's; it is published when it is due: after the debounce delay
for an edit, at once for an open, a save or a re-lint. Requests that need the current model
await it (`settle`) without blocking the loop; past a short budget they answer from the last
model instead (see `settle`).
"""

from __future__ import annotations

import asyncio
import logging
import os
import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Callable

from wflint.engine import DEFAULTS_NAMES, LintResult, Project, lint_text
from wflint.yaml.source import SourceText

from . import carry
from .convert import apply_change, uri_to_path
from .settings import Settings

log = logging.getLogger(__name__)

# A request waiting for a lint answers from the last model after this many seconds, unless the
# document is small and its own lint is the one running (then the exact answer comes soon).
WAIT_BUDGET_S = 0.6
SMALL_DOCUMENT = 256 * 1024


class LintThread:
    """Runs lint jobs one at a time, in order, on a daemon thread: a running lint never keeps
    the process alive after `exit`. `running` names the document being linted."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self.running: str | None = None

    def submit(self, key: str, function, *args) -> Future:
        future: Future = Future()
        self._jobs.put((key, function, args, future))
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="wflint-lint", daemon=True)
            self._thread.start()
        return future

    def _run(self) -> None:
        while True:
            key, function, args, future = self._jobs.get()
            if not future.set_running_or_notify_cancel():
                continue
            self.running = key
            try:
                result = function(*args)
            except BaseException as error:  # noqa: BLE001 (handed to the loop, which reports it)
                future.set_exception(error)
            else:
                future.set_result(result)
            finally:
                self.running = None
                del key, function, args, future  # nothing of a finished job stays referenced


@dataclass(eq=False)
class Document:
    uri: str
    path: str
    version: int | None
    text: str
    source: SourceText
    generation: int = 0  # bumped on every text change; versions may be missing or repeat
    inputs: int = 0  # bumped on every text change and every change of what the lint reads
    result: LintResult | None = None
    linted_generation: int = -1
    linted_inputs: int = -1
    last_good: LintResult | None = None  # newest result whose YAML parsed (for completion)
    lint_runs: int = 0  # distinguishes results of the same text linted under new settings
    failed: bool = False  # the newest result is a lint that raised (no diagnostics known)
    running: Future | None = None  # this document's lint in progress (at most one)
    due: bool = False  # publish the current input's result as soon as it is committed
    derived: dict = field(default_factory=dict)  # features' caches of the current result
    waiters: list = field(default_factory=list)  # requests awaiting the next commit
    published: bool = False  # diagnostics of this document were pushed

    @property
    def is_defaults(self) -> bool:
        return os.path.basename(self.path).lower() in DEFAULTS_NAMES

    @property
    def up_to_date(self) -> bool:
        return self.result is not None and self.linted_inputs == self.inputs

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
    on_committed: Callable[[Document], None] = lambda document: None  # a current result (the workspace index)
    documents: dict[str, Document] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._worker = LintThread()
        self.project = self._new_project()

    def _new_project(self) -> Project:
        project = Project(config_override=self.settings.config_override(self.on_problem))
        for document in self.documents.values():
            if document.is_defaults:
                project.open_documents[document.path] = document.text
        return project

    # -- text synchronisation ------------------------------------------------------------------

    def open(self, uri: str, text: str, version: int | None) -> Document:
        previous = self.documents.get(uri)
        if previous is not None:  # opened twice without a close: the new text wins
            self.close(uri)
        document = Document(uri, uri_to_path(uri), version, text, SourceText(text))
        self.documents[uri] = document
        if document.is_defaults:
            self.project.open_documents[document.path] = text
            self.project.invalidate_defaults(document.path)
        document.due = True
        self._lint_soon(document)
        return document

    def change(self, uri: str, version: int | None, changes) -> Document | None:
        document = self.documents.get(uri)
        if document is None:
            return None
        text, source = document.text, document.source
        for change in changes:
            text, _, _ = apply_change(text, change, source)
            source = None
        document.text = text
        document.source = SourceText(text) if source is None else source
        document.version = version
        document.generation += 1
        document.inputs += 1
        if document.is_defaults:
            self.project.open_documents[document.path] = text
            self.project.invalidate_defaults(document.path)
        self.schedule(document)
        return document

    def save(self, uri: str) -> Document | None:
        document = self.documents.get(uri)
        if document is None:
            return None
        if document.is_defaults:
            self.project.invalidate_defaults(document.path)
        self._cancel(uri)
        document.inputs += 1
        document.due = True
        self._lint_soon(document)
        return document

    def close(self, uri: str) -> Document | None:
        self._cancel(uri)
        document = self.documents.pop(uri, None)
        if document is None:
            return None
        self._wake(document)
        # Drop what the document held at once (a lint still running lets go of its own copy
        # when it ends): the closed Document may stay referenced by a request in flight.
        document.result = document.last_good = None
        document.derived = {}
        document.published = False
        if document.is_defaults:
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
            document.due = True
            self._lint_soon(document)
            return
        self._lint_soon(document)
        delay = self.settings.debounce_ms / 1000
        self._timers[document.uri] = loop.call_later(delay, self._debounce_over, document.uri, document.generation)

    def _lint_soon(self, document: Document) -> None:
        """Start linting the document's current input unless a lint of it is running (whose
        end starts the newest input)."""
        if document.running is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop (unit use): lint on this thread
            self._finished(document, document.inputs, self._lint_now(document))
            return
        inputs = document.inputs
        future = self._worker.submit(document.uri, lint_text, document.path, document.text, self.project)
        document.running = future

        def finished(done: Future) -> None:
            try:
                loop.call_soon_threadsafe(self._background_done, document, inputs, done)
            except RuntimeError:  # the loop is closed: shutting down
                pass

        future.add_done_callback(finished)

    def _lint_now(self, document: Document) -> Future:
        future: Future = Future()
        try:
            future.set_result(lint_text(document.path, document.text, self.project))
        except Exception as error:
            future.set_exception(error)
        return future

    def _background_done(self, document: Document, inputs: int, future: Future) -> None:
        try:
            document.running = None
            self._finished(document, inputs, future)
        except Exception:  # a callback on the event loop: log, never propagate
            log.exception("finishing the lint of %s failed", document.uri)

    def _finished(self, document: Document, inputs: int, future: Future) -> None:
        if self.documents.get(document.uri) is not document:
            return  # closed meanwhile
        if inputs != document.inputs:
            # Superseded: lint the newest input (published when due). The result still becomes
            # the last model the features may answer from (never published: not current).
            self._lint_soon(document)
            if not future.exception():
                self._commit(document, future.result(), inputs=inputs)
            return
        try:
            result, failed = future.result(), False
        except Exception as error:  # a config error or a core bug: keep serving the rest
            result, failed = self._failed(document, error), True
        self._commit(document, result, failed)
        if document.is_defaults:
            self.relint_dependents(document.path)

    def _debounce_over(self, uri: str, generation: int) -> None:
        self._timers.pop(uri, None)
        document = self.documents.get(uri)
        if document is None or document.generation != generation:
            return  # closed, or a newer change has its own timer
        document.due = True
        if document.up_to_date:
            self._publish(document)
        # else: the lint of this text is running; its commit publishes

    def _publish(self, document: Document) -> None:
        document.due = False
        self.on_linted(document)

    def _cancel(self, uri: str) -> None:
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()

    def _wake(self, document: Document) -> None:
        waiters, document.waiters = document.waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def settle(self, document: Document, budget: float = WAIT_BUDGET_S) -> bool:
        """Wait until the document's result is for its current input; True when it is.
        False when the document was closed, or when the budget has passed and waiting could
        take long (a large document, or another document's lint ahead of this one's): the
        caller then answers from the last result. The wait never blocks the event loop and
        ends with the request when the client cancels it."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + budget
        while not document.up_to_date:
            if self.documents.get(document.uri) is not document:
                return False
            self._lint_soon(document)
            patient = len(document.text) <= SMALL_DOCUMENT and self._worker.running in (None, document.uri)
            timeout = None if patient else deadline - loop.time()
            if timeout is not None and timeout <= 0:
                return False
            waiter = loop.create_future()
            document.waiters.append(waiter)
            try:
                await asyncio.wait_for(waiter, min(timeout, 0.1) if timeout is not None else 0.1)
            except asyncio.TimeoutError:
                pass  # look again: what runs on the lint thread may have changed
        return True

    def _failed(self, document: Document, error: BaseException) -> LintResult:
        log.error("lint failed for %s: %s", document.uri, error, exc_info=error)
        self.on_problem(f"wflint could not lint {os.path.basename(document.path)}: {error}")
        return LintResult(document.path, document.source, None, [])

    def lint(self, document: Document) -> None:
        """Lint the current input now, on this thread, and publish (unit use)."""
        self._finished(document, document.inputs, self._lint_now(document))

    def _commit(self, document: Document, result: LintResult, failed: bool = False, inputs: int | None = None) -> None:
        """Make `result` the document's newest; `inputs` names an older input it was linted
        from (then it is the last model, not current, and is not published)."""
        current = inputs is None
        # YAML too broken even for recovery: keep the previous diagnostics of the untouched parts.
        result.diagnostics = carry.carry_over(document.result, result)
        document.result = result
        document.failed = failed
        document.derived = {}  # caches of the previous result
        document.linted_generation = document.generation if current else -1
        document.linted_inputs = document.inputs if current else inputs
        document.lint_runs += 1
        if result.workflow is not None and result.workflow.document.syntax_ok:
            document.last_good = result
        self._wake(document)
        if current:
            try:
                self.on_committed(document)
            except Exception:  # the workspace index must never cost the document its diagnostics
                log.exception("indexing %s failed", document.uri)
        if current and document.due:
            self._publish(document)

    def invalidate(self, document: Document) -> None:
        """What the document's lint reads changed: lint it again, publish when done."""
        self._cancel(document.uri)
        document.inputs += 1
        document.due = True
        self._lint_soon(document)

    def relint_dependents(self, defaults_path: str) -> None:
        """Re-check open workflows below the folder of a changed defaults.yml."""
        folder = os.path.dirname(defaults_path) + os.sep
        for document in list(self.documents.values()):
            if document.path != defaults_path and document.path.startswith(folder) and not document.is_defaults:
                self.invalidate(document)

    def relint_all(self) -> None:
        for document in list(self.documents.values()):
            self.invalidate(document)

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
