"""The language server: LSP methods wired to thin handlers over `WorkspaceState`.

Handlers convert positions, look up the document's state and call a feature module; they never
parse. Every handler is guarded: an exception is logged to the client (window/logMessage) and
answered with an empty result, so one bad request never takes the server down.
"""

from __future__ import annotations

import functools
import logging
import threading

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from wflint import __version__

from . import actions, completion, diagnostics, graph, hover, inlay, knowledge, navigation, symbols
from .convert import to_offset, uri_to_path
from .settings import parse_settings
from .workspace import Document, WorkspaceState

log = logging.getLogger(__name__)
SETTINGS_SECTION = "wflint"
WATCHED_FILES = ("**/defaults.yml", "**/defaults.yaml", "**/wflint.toml", "**/pyproject.toml")


class RequestRefused(JsonRpcException):
    """A request the server declines with a message for the user (e.g. rename of a key).
    LSP's RequestFailed code: the client shows the message."""

    CODE = -32803


class Utf16Protocol(LanguageServerProtocol):
    """Always negotiate UTF-16 positions. pygls would take the client's first preference (Neovim
    lists utf-8 first), but every conversion in `convert` speaks UTF-16, the LSP default that
    every client supports."""

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams):
        general = params.capabilities.general if params.capabilities else None
        if general is not None:
            general.position_encodings = None
        return (yield from super().lsp_initialize(params))


class WflintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("wflint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
                         protocol_cls=Utf16Protocol)
        self.state = WorkspaceState(on_linted=self.publish, on_problem=self.warn_once)
        knowledge.bind_project(lambda: self.state.project)
        self.pull_diagnostics = False  # the client pulls (textDocument/diagnostic): never push
        self.snippets = False
        self.markdown = True
        self._warned: set[str] = set()
        self.initialization_options: dict = {}  # the base that pulled settings override

    # -- messages to the client ----------------------------------------------------------------

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        try:
            self.window_log_message(types.LogMessageParams(type=kind, message=message))
        except Exception:  # no transport yet (unit use)
            log.info(message)

    def warn_once(self, message: str) -> None:
        if message not in self._warned:
            self._warned.add(message)
            self.log(message, types.MessageType.Warning)
            try:
                self.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=message))
            except Exception:
                pass

    def report_server_error(self, error: Exception, source) -> None:
        """pygls' hook for errors outside requests (e.g. a notification it cannot decode):
        log them; a popup for each malformed message would only disturb the user."""
        self.log(f"wflint: {type(error).__name__}: {error}", types.MessageType.Error)

    def report_failure(self, what: str, error: BaseException) -> None:
        log.exception("%s failed", what)
        self.log(f"wflint: {what} failed: {type(error).__name__}: {error}", types.MessageType.Error)

    # -- diagnostics -------------------------------------------------------------------------

    def publish(self, document: Document) -> None:
        """Push a fresh lint result (the workspace calls this after every lint)."""
        if self.pull_diagnostics:
            return
        try:
            items = diagnostics.lsp_diagnostics(document, diagnostics.open_sources(self.state.documents.values()))
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=document.uri, diagnostics=items, version=document.version)
            )
        except Exception as error:
            self.report_failure("publishing diagnostics", error)

    def clear(self, uri: str) -> None:
        if not self.pull_diagnostics:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def refresh_pulled(self) -> None:
        """Ask a pulling client to pull again (settings or a defaults.yml changed)."""
        workspace = self.client_capabilities.workspace if self.client_capabilities else None
        support = workspace.diagnostics if workspace else None
        if self.pull_diagnostics and support is not None and support.refresh_support:
            self.workspace_diagnostic_refresh(None)

    async def watch_files(self) -> None:
        """Ask the client to report changes of the files that change lint results without
        being open: defaults.yml (inherited configuration) and wflint's config files."""
        capabilities = self.client_capabilities
        watched = capabilities.workspace.did_change_watched_files if capabilities and capabilities.workspace else None
        if not (watched and watched.dynamic_registration):
            return
        watchers = [types.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED_FILES]
        try:
            await self.client_register_capability_async(types.RegistrationParams(registrations=[
                types.Registration(
                    id="wflint-watched-files",
                    method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
                )
            ]))
        except Exception as error:  # the client may refuse; opened files still work
            self.log(f"wflint: file watching not available: {error}")

    # -- settings ----------------------------------------------------------------------------

    def apply_settings(self, raw) -> None:
        problems: list[str] = []
        merged = dict(self.initialization_options)
        if isinstance(raw, dict):
            merged.update(raw.get(SETTINGS_SECTION, raw) if isinstance(raw.get(SETTINGS_SECTION), dict) else raw)
        settings = parse_settings(merged, problems)
        for problem in problems:
            self.warn_once(problem)
        if settings != self.state.settings:
            hints_changed = settings.inlay_hints != self.state.settings.inlay_hints
            self.state.reconfigure(settings)
            self.refresh_pulled()
            if hints_changed:
                self.refresh_inlay_hints()

    def refresh_inlay_hints(self) -> None:
        workspace = self.client_capabilities.workspace if self.client_capabilities else None
        support = workspace.inlay_hint if workspace else None
        if support is not None and support.refresh_support:
            self.workspace_inlay_hint_refresh(None)

    async def pull_settings(self) -> None:
        capabilities = self.client_capabilities
        if not (capabilities and capabilities.workspace and capabilities.workspace.configuration):
            return
        try:
            values = await self.workspace_configuration_async(
                types.ConfigurationParams(items=[types.ConfigurationItem(section=SETTINGS_SECTION)])
            )
        except Exception as error:
            self.report_failure("reading settings (workspace/configuration)", error)
            return
        if values:
            self.apply_settings(values[0] or {})


server = WflintServer()
graph.register(server)  # the `wflint/graph` request of the editor's graph view (lsp/graph.py)


def guarded(empty=None):
    """Log an exception to the client and answer `empty` instead of failing the request."""

    def decorate(handler):
        @functools.wraps(handler)
        def run(ls: WflintServer, params):
            try:
                return handler(ls, params)
            except RequestRefused:
                raise
            except Exception as error:
                ls.report_failure(handler.__name__.replace("_", " "), error)
                return empty() if callable(empty) else empty

        return run

    return decorate


# -- lifecycle ----------------------------------------------------------------------------------


@server.feature(types.INITIALIZE)
@guarded()
def initialize(ls: WflintServer, params: types.InitializeParams) -> None:
    capabilities = params.capabilities
    text = capabilities.text_document if capabilities else None
    ls.pull_diagnostics = bool(text and text.diagnostic)
    completion = text.completion if text else None
    item = completion.completion_item if completion else None
    ls.snippets = bool(item and item.snippet_support)
    if params.initialization_options:
        problems: list[str] = []
        options = params.initialization_options
        if isinstance(options, dict):
            options = options.get(SETTINGS_SECTION, options) if isinstance(options.get(SETTINGS_SECTION), dict) else options
            ls.initialization_options = dict(options)
        ls.state.settings = parse_settings(options, problems)
        ls.state.project = ls.state._new_project()
        for problem in problems:
            ls.warn_once(problem)


@server.feature(types.INITIALIZED)
async def initialized(ls: WflintServer, params: types.InitializedParams) -> None:
    threading.Thread(target=knowledge.warm_up, name="wflint-warm-up", daemon=True).start()
    try:
        await ls.watch_files()
        await ls.pull_settings()
    except Exception as error:
        ls.report_failure("initialized", error)


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(ls: WflintServer, params: types.DidChangeConfigurationParams) -> None:
    try:
        settings = params.settings
        if isinstance(settings, dict) and isinstance(settings.get(SETTINGS_SECTION), dict):
            ls.apply_settings(settings[SETTINGS_SECTION])
        else:  # the modern way: the notification only says "something changed"; pull it
            await ls.pull_settings()
    except Exception as error:
        ls.report_failure("configuration change", error)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
@guarded()
def did_change_watched_files(ls: WflintServer, params: types.DidChangeWatchedFilesParams) -> None:
    ls.state.files_changed([uri_to_path(change.uri) for change in params.changes])
    ls.refresh_pulled()


# -- text synchronisation -----------------------------------------------------------------------


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
@guarded()
def did_open(ls: WflintServer, params: types.DidOpenTextDocumentParams) -> None:
    item = params.text_document
    document = ls.state.open(item.uri, item.text, item.version)
    if document.is_defaults:
        ls.refresh_pulled()


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
@guarded()
def did_change(ls: WflintServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.state.change(params.text_document.uri, params.text_document.version, params.content_changes)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
@guarded()
def did_save(ls: WflintServer, params: types.DidSaveTextDocumentParams) -> None:
    document = ls.state.save(params.text_document.uri)
    if document is not None and document.is_defaults:
        ls.refresh_pulled()


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
@guarded()
def did_close(ls: WflintServer, params: types.DidCloseTextDocumentParams) -> None:
    document = ls.state.close(params.text_document.uri)
    ls.clear(params.text_document.uri)
    if document is not None and document.is_defaults:
        ls.refresh_pulled()


@server.feature(
    types.TEXT_DOCUMENT_DIAGNOSTIC,
    types.DiagnosticOptions(identifier="wflint", inter_file_dependencies=True, workspace_diagnostics=False),
)
@guarded(lambda: types.RelatedFullDocumentDiagnosticReport(items=[]))
def pull_diagnostics(ls: WflintServer, params: types.DocumentDiagnosticParams):
    document = ls.state.current(params.text_document.uri)
    if document is None:
        return types.RelatedFullDocumentDiagnosticReport(items=[])
    sources = diagnostics.open_sources(ls.state.documents.values())
    return diagnostics.pull_report(document, params.previous_result_id, sources)


# -- features -----------------------------------------------------------------------------------
# Each handler: find the document, convert the position, call the feature module.



def _config(ls: WflintServer, document: Document):
    try:
        return ls.state.project.config_for(document.path)
    except Exception:  # an invalid config file is reported by linting; features go on
        return None


def on_document(empty=None, *, flush: bool = True):
    """A guarded handler called as handler(ls, params, document, offset): the document's state
    (its lint brought up to date when `flush`) and the offset of `params.position` if any.
    Unknown documents get `empty`."""

    def decorate(handler):
        @guarded(empty)
        @functools.wraps(handler)
        def run(ls: WflintServer, params):
            uri = params.text_document.uri
            document = ls.state.current(uri) if flush else ls.state.get(uri)
            if document is None:
                return empty() if callable(empty) else empty
            position = getattr(params, "position", None)
            offset = to_offset(document.source, position) if position is not None else None
            return handler(ls, params, document, offset)

        return run

    return decorate


def refusing(call):
    """Run a navigation call, turning its refusal into an error the client shows."""
    try:
        return call()
    except navigation.NotRenameable as refusal:
        raise RequestRefused(str(refusal)) from None


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=[".", " ", "@", "{", "["], resolve_provider=False),
)
# Completion reads the current text and the last good model: it never waits for a lint.
@on_document(lambda: types.CompletionList(is_incomplete=False, items=[]), flush=False)
def complete(ls: WflintServer, params: types.CompletionParams, document: Document, offset: int):
    return completion.complete(document, offset, snippets=ls.snippets, config=_config(ls, document))


@server.feature(types.TEXT_DOCUMENT_HOVER)
@on_document()
def on_hover(ls: WflintServer, params: types.HoverParams, document: Document, offset: int):
    return hover.hover(document, offset, _config(ls, document))


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
@on_document(list)
def definition(ls: WflintServer, params: types.DefinitionParams, document: Document, offset: int):
    return navigation.definition(document, offset, _config(ls, document))


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
@on_document(list)
def references(ls: WflintServer, params: types.ReferenceParams, document: Document, offset: int):
    include = params.context.include_declaration if params.context else True
    return navigation.references(document, offset, include)


@server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
@on_document()
def prepare_rename(ls: WflintServer, params: types.PrepareRenameParams, document: Document, offset: int):
    return refusing(lambda: navigation.prepare_rename(document, offset))


@server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
@on_document()
def rename(ls: WflintServer, params: types.RenameParams, document: Document, offset: int):
    return refusing(lambda: navigation.rename(document, offset, params.new_name))


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
@on_document(list)
def document_symbols(ls: WflintServer, params: types.DocumentSymbolParams, document: Document, offset: None):
    return symbols.document_symbols(document)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll, actions.FIX_ALL_KIND],
        resolve_provider=False,
    ),
)
@on_document(list)
def code_actions(ls: WflintServer, params: types.CodeActionParams, document: Document, offset: None):
    context = params.context
    return actions.code_actions(document, params.range, context.only if context else None,
                                context.diagnostics if context else [])


@server.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=False))
@on_document(list)
def inlay_hints(ls: WflintServer, params: types.InlayHintParams, document: Document, offset: None):
    return inlay.inlay_hints(document, params.range) if ls.state.settings.inlay_hints else []
