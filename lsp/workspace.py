"""Per-document state, computed on change, that every feature reads.

A `Document` holds the editor's text (with its `SourceText` line index for position
conversions), the lint result of the newest text that was linted, and the last result whose YAML
parsed, which completion keeps using while the document is half-typed. Linting is debounced:
each change re-arms one timer per document; requests that need the model for the current text
(hover, rename, code actions, pull diagnostics) flush the pending lint first, so no handler ever
parses on its own and none answers from a model of older text.
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass, field
from typing import Callable

from wflint.engine import DEFAULTS_NAMES, LintResult, Project, lint_text
from wflint.source import SourceText

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
        """Lint after the debounce delay; a newer change re-arms the timer."""
        self._cancel(document.uri)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop (unit use): lint now
            self.lint(document)
            return
        delay = self.settings.debounce_ms / 1000
        self._timers[document.uri] = loop.call_later(delay, self._lint_due, document.uri, document.generation)

    def _lint_due(self, uri: str, generation: int) -> None:
        self._timers.pop(uri, None)
        document = self.documents.get(uri)
        if document is None or document.generation != generation:
            return  # closed, or a newer change has its own timer
        try:
            self.lint(document)
            if document.is_defaults:
                self.relint_dependents(document.path)
        except Exception:
            log.exception("linting %s failed", uri)

    def _cancel(self, uri: str) -> None:
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()

    def current(self, uri: str) -> Document | None:
        """The document with a lint result for its current text (flushing a pending lint)."""
        document = self.documents.get(uri)
        if document is not None and not document.up_to_date:
            self._cancel(uri)
            self.lint(document)
        return document

    def lint(self, document: Document) -> None:
        try:
            result = lint_text(document.path, document.text, self.project)
        except Exception as error:  # a config error or a core bug: keep serving the rest
            log.exception("lint failed for %s", document.uri)
            self.on_problem(f"wflint could not lint {os.path.basename(document.path)}: {error}")
            result = LintResult(document.path, document.source, None, [])
        document.result = result
        document.linted_generation = document.generation
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
