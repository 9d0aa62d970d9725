"""The language server: LSP methods wired to thin handlers over `WorkspaceState`.

Handlers convert positions, look up the document's state and call a feature module; they never
parse. Every handler is guarded: an exception is logged to the client (window/logMessage) and
answered with an empty result, so one bad request never takes the server down.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
import os
import threading

from lsprotocol import types
from lsprotocol.types import ResponseError, ResponseErrorMessage
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import JsonRPCNotification, JsonRPCRequestMessage, JsonRPCResponseMessage, RPCRequest
from pygls.protocol.language_server import lsp_method

from wflint import __version__

from . import actions, completion, diagnostics, graph, hover, iam, inlay, knowledge, navigation, project, symbols, transport
from .convert import to_offset, uri_to_path
from .settings import parse_settings
from .workspace import Document, WorkspaceState

log = logging.getLogger(__name__)
SETTINGS_SECTION = "wflint"
WATCHED_FILES = ("**/defaults.yml", "**/defaults.yaml", "**/wflint.toml", "**/pyproject.toml", "**/.airflowignore")
WORKFLOW_FILES = ("**/*.yml", "**/*.yaml")  # the workspace index (a second registration)


InvalidRequest = -32600


class RequestRefused(JsonRpcException):
    """A request the server declines with a message for the user (e.g. rename of a key).
    LSP's RequestFailed code: the client shows the message."""

    CODE = -32803


class WflintProtocol(LanguageServerProtocol):
    """pygls' protocol with the parts wflint needs done differently:

    - UTF-16 positions always (pygls would take the client's first preference; Neovim lists
      utf-8 first, but every conversion in `convert` speaks UTF-16, the LSP default);
    - no second copy of each document: pygls' copy splits lines on U+0085, U+2028, U+2029 and
      form feed and rewrites the change's range in place; `WorkspaceState` keeps the only copy;
    - requests after `shutdown` get InvalidRequest; `exit` ends the message loop with 0 after
      `shutdown` and 1 without (the process ends when `serve` returns);
    - requests whose params do not match the method's type get InvalidParams (pygls answered
      nothing);
    - nothing of a handled message stays behind (pygls kept one future per notification);
    - expected events (a cancel for a request already answered, a refused request, an unknown
      `$/` notification) are logged at debug level, without tracebacks.
    """

    exit_code: int | None = None

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams):
        general = params.capabilities.general if params.capabilities else None
        if general is not None:
            general.position_encodings = None
        return (yield from super().lsp_initialize(params))

    def _user_handler(self, method: str, params) -> None:
        handler = self.fm.features.get(method)
        if handler is not None:
            handler(params)

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams) -> None:
        self._user_handler(types.TEXT_DOCUMENT_DID_OPEN, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams) -> None:
        self._user_handler(types.TEXT_DOCUMENT_DID_CHANGE, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams) -> None:
        self._user_handler(types.TEXT_DOCUMENT_DID_CLOSE, params)

    @lsp_method(types.SHUTDOWN)
    def lsp_shutdown(self, *args) -> None:
        # Requests in flight still get their answers (pygls cancelled them); `exit` ends all.
        self._shutdown = True

    @lsp_method(types.EXIT)
    def lsp_exit(self, *args) -> None:
        self.exit_code = 0 if self._shutdown else 1

    def handle_message(self, message) -> None:
        if self._shutdown and getattr(message, "method", None) not in (None, types.EXIT):
            if isinstance(message, RPCRequest):
                self._send_response(message.id, error=ResponseError(
                    code=InvalidRequest, message=f"{message.method}: the server is shut down (only `exit` is accepted)"))
            else:
                log.debug("notification %s after shutdown ignored", message.method)
            return
        super().handle_message(message)

    def _execute_handler(self, msg_id, handler, callback, args=None, kwargs=None):
        def done(future, callback=callback):
            if self._request_futures.get(msg_id) is future:
                del self._request_futures[msg_id]
            callback(future)

        super()._execute_handler(msg_id, handler, done, args, kwargs)

    def _handle_cancel_notification(self, msg_id) -> None:
        future = self._request_futures.pop(msg_id, None)
        if future is None:
            log.debug("cancel of request %s, already answered", msg_id)
        elif future.cancel():
            log.debug("request %s cancelled", msg_id)

    def _handle_notification(self, method_name: str, params) -> None:
        if method_name.startswith("$/") and method_name != types.CANCEL_REQUEST and method_name not in self.fm.features \
                and method_name not in self.fm.builtin_features:
            log.debug("notification %s ignored", method_name)
            return
        super()._handle_notification(method_name, params)

    def _send_handler_result(self, future, *, msg_id) -> None:
        if not future.cancelled() and isinstance(future.exception(), RequestRefused):
            self._request_futures.pop(msg_id, None)
            log.debug("request %s refused: %s", msg_id, future.exception())
            self._send_response(msg_id, error=future.exception().to_response_error())
            return
        super()._send_handler_result(future, msg_id=msg_id)

    def structure_message(self, data):
        """As pygls, without logging a traceback for every malformed message."""
        if "jsonrpc" not in data:
            return data
        try:
            if "id" in data:
                if "error" in data:
                    return self._converter.structure(data, ResponseErrorMessage)
                if "method" in data:
                    return self._converter.structure(data, self.get_message_type(data["method"]) or JsonRPCRequestMessage)
                return self._converter.structure(data, self._result_types.pop(data["id"], None) or JsonRPCResponseMessage)
            return self._converter.structure(data, self.get_message_type(data.get("method", "")) or JsonRPCNotification)
        except Exception as error:
            raise JsonRpcInvalidParams(_describe(error)) from error


def _describe(error: BaseException) -> str:
    """A short account of why params did not match their type."""
    try:
        from cattrs import transform_error

        return "invalid params: " + "; ".join(transform_error(error))[:1000]
    except Exception:
        return f"invalid params: {error}"[:1000]


class WflintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("wflint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
                         protocol_cls=WflintProtocol)
        self.state = WorkspaceState(on_linted=self.publish, on_problem=self.warn_once)
        knowledge.bind_project(lambda: self.state.project)
        self.pull_diagnostics = False  # the client pulls (textDocument/diagnostic): never push
        self.snippets = False
        self.markdown = True
        self._warned: set[str] = set()
        self.initialization_options: dict = {}  # the base that pulled settings override
        self.folders: list[str] = []  # the workspace folders' paths
        self.index = project.WorkspaceIndex(self.state, on_changed=self.publish_project)
        self.state.on_committed = lambda document: self.index.document_committed(
            document.path, document.result.facts if document.result is not None else None)

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
        """Push the document's settled result (the workspace calls this once per committed,
        due result: one set per settled version, one per save or re-lint). Never a transient
        set: a failed lint does not replace diagnostics already shown."""
        if self.pull_diagnostics:
            return
        try:
            if document.failed and document.published:
                return  # keep what is shown; the failure was reported once
            sources = diagnostics.open_sources(self.state.documents.values())
            items = diagnostics.lsp_diagnostics(document, sources) + self._project_items(document.path, sources)
            document.published = True
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=document.uri, diagnostics=items, version=document.version)
            )
        except Exception as error:
            self.report_failure("publishing diagnostics", error)

    def _project_items(self, path: str, sources) -> list[types.Diagnostic]:
        found = self.index.project_diagnostics.get(path)
        source = self.index.source_of(path) if found else None
        if source is None:
            return []
        uri = project.path_to_uri(path)
        return [diagnostics.to_lsp(diagnostic, source, uri, sources) for diagnostic in found]

    def publish_project(self, paths: set) -> None:
        """The project diagnostics of these files changed: an open document settled and shown
        is published again (its own diagnostics and the project's); a closed file gets only its
        project diagnostics (an empty set clears what an earlier edit caused)."""
        if self.pull_diagnostics:
            self.refresh_pulled()
            return
        open_paths = {document.path: document for document in self.state.documents.values()}
        for path in sorted(paths):
            document = open_paths.get(path)
            if document is not None:
                settled = document.up_to_date and not document.due and document.uri not in self.state._timers
                if document.published and settled:
                    self.publish(document)
                continue  # not settled (or its debounce is pending): its own publish includes the project's
            try:
                sources = diagnostics.open_sources(self.state.documents.values())
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                    uri=project.path_to_uri(path), diagnostics=self._project_items(path, sources)))
            except Exception as error:
                self.report_failure("publishing project diagnostics", error)

    def clear(self, uri: str) -> None:
        if not self.pull_diagnostics:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    # -- the message loop --------------------------------------------------------------------

    def serve(self, read_chunk, writer) -> int:
        """Serve until `exit` or the end of input: 0 after `shutdown`, else 1."""
        self.protocol.set_writer(writer)
        try:
            asyncio.run(self._loop(read_chunk))
        except (KeyboardInterrupt, BrokenPipeError):
            pass
        code = self.protocol.exit_code
        return code if code is not None else (0 if self.protocol._shutdown else 1)

    async def _loop(self, read_chunk) -> None:
        loop = asyncio.get_running_loop()
        inbox: asyncio.Queue = asyncio.Queue()
        reader = transport.FrameReader(read_chunk)

        def read() -> None:
            while True:
                message = reader.next()
                loop.call_soon_threadsafe(inbox.put_nowait, message)
                if message is None:
                    return
                del message

        threading.Thread(target=read, name="wflint-reader", daemon=True).start()
        while self.protocol.exit_code is None:
            message = await inbox.get()
            if message is None:
                break
            try:
                self.receive(message)
            except BrokenPipeError:
                break
            except Exception as error:  # never let one message end the loop
                log.exception("handling a message failed")
                self.report_server_error(error, None)
            del message

    def receive(self, message) -> None:
        """Handle one framed message: decode errors and invalid params get error responses."""
        protocol = self.protocol
        if isinstance(message, transport.Oversized):
            limit = transport.max_message_bytes()
            text = (f"wflint: a message of {message.length:,} bytes ({message.method or 'unknown method'}) exceeds "
                    f"the limit of {limit:,} bytes and was skipped")
            if message.id is not None and message.method:
                protocol._send_response(message.id, error=ResponseError(code=InvalidRequest, message=text))
            else:
                self.log(text, types.MessageType.Warning)
            if message.uri and message.method in (types.TEXT_DOCUMENT_DID_OPEN, types.TEXT_DOCUMENT_DID_CHANGE):
                self.forget(message.uri)  # its text is unknown now: never lint a wrong one
            return
        if message.error is not None:
            # No response: one without an id (JSON-RPC's `"id": null`) breaks some clients.
            self.log(f"wflint: a malformed message was skipped: {message.error}", types.MessageType.Log)
            return
        data = message.data
        if not isinstance(data, dict) or data.get("jsonrpc") != "2.0":
            if isinstance(data, dict) and isinstance(data.get("id"), (int, str)) and "method" in data:
                protocol._send_response(data["id"], error=ResponseError(code=InvalidRequest, message="not a JSON-RPC 2.0 message"))
            else:
                self.log("wflint: a message that is not JSON-RPC 2.0 was skipped", types.MessageType.Log)
            return
        if protocol._shutdown and "id" in data and data.get("method") not in (None, types.EXIT):
            protocol._send_response(data["id"], error=ResponseError(
                code=InvalidRequest, message=f"{data['method']}: the server is shut down (only `exit` is accepted)"))
            return
        try:
            structured = protocol.structure_message(data)
        except JsonRpcException as error:
            if "id" in data and "method" in data:
                protocol._send_response(data["id"], error=error.to_response_error())
            else:
                self.log(f"wflint: {data.get('method')}: {error}; the notification was skipped", types.MessageType.Log)
                uri = _uri_of(data)
                if uri and data.get("method") in (types.TEXT_DOCUMENT_DID_OPEN, types.TEXT_DOCUMENT_DID_CHANGE):
                    self.forget(uri)
            return
        protocol.handle_message(structured)

    def forget(self, uri: str) -> None:
        """Stop tracking a document whose text can no longer be known (until it is reopened)."""
        if self.state.close(uri) is not None:
            self.clear(uri)
            self.log(f"wflint: {uri} is no longer checked (reopen it to check it again)", types.MessageType.Warning)

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
                ),
                types.Registration(
                    id="wflint-workflow-files",
                    method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=types.DidChangeWatchedFilesRegistrationOptions(
                        watchers=[types.FileSystemWatcher(glob_pattern=pattern) for pattern in WORKFLOW_FILES]),
                ),
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
            self.index.reindex()
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
iam.register(server)  # the `wflint.iamPolicy` command (lsp/iam.py)


def guarded(empty=None):
    """Log an exception to the client and answer `empty` instead of failing the request."""

    def decorate(handler):
        if asyncio.iscoroutinefunction(handler):
            @functools.wraps(handler)
            async def run_async(ls: WflintServer, params):
                try:
                    return await handler(ls, params)
                except RequestRefused:
                    raise
                except Exception as error:
                    ls.report_failure(handler.__name__.replace("_", " "), error)
                    return empty() if callable(empty) else empty

            return run_async

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
    folders = [folder.uri for folder in params.workspace_folders or []] or ([params.root_uri] if params.root_uri else [])
    ls.folders = [uri_to_path(uri) for uri in folders if uri.startswith("file:")]


@server.feature(types.INITIALIZED)
async def initialized(ls: WflintServer, params: types.InitializedParams) -> None:
    threading.Thread(target=knowledge.warm_up, name="wflint-warm-up", daemon=True).start()
    # F12 on an operator whose provider is not installed opens its documentation page; the
    # request is sent from the event loop whichever thread the handler runs on.
    loop = asyncio.get_running_loop()
    navigation.SOURCES.open_external = lambda url: loop.call_soon_threadsafe(
        ls.window_show_document, types.ShowDocumentParams(uri=url, external=True))
    try:
        await ls.watch_files()
        await ls.pull_settings()
        # The workspace index: after open documents' first lints (already queued), in chunks.
        loop.call_later(0.05, ls.index.start, ls.folders)
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
    ls.index.files_changed([(uri_to_path(change.uri), change.type) for change in params.changes])
    ls.refresh_pulled()


# -- text synchronisation -----------------------------------------------------------------------


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
@guarded()
def did_open(ls: WflintServer, params: types.DidOpenTextDocumentParams) -> None:
    item = params.text_document
    document = ls.state.open(item.uri, item.text, item.version)
    ls.index.document_opened(document.path)
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
    if document is not None:
        if ls.index.project_diagnostics.get(document.path):
            ls.publish_project({document.path})  # a closed file keeps its project diagnostics
        ls.index.document_closed(document.path)
    if document is not None and document.is_defaults:
        ls.refresh_pulled()


@server.feature(
    types.TEXT_DOCUMENT_DIAGNOSTIC,
    types.DiagnosticOptions(identifier="wflint", inter_file_dependencies=True, workspace_diagnostics=False),
)
@guarded(lambda: types.RelatedFullDocumentDiagnosticReport(items=[]))
async def pull_diagnostics(ls: WflintServer, params: types.DocumentDiagnosticParams):
    # A pull asks for the lint itself: it waits for it (cancellable; the client cancels a pull
    # of an outdated version), without holding up other requests.
    document = ls.state.get(params.text_document.uri)
    if document is None or not await ls.state.settle(document, budget=float("inf")):
        return types.RelatedFullDocumentDiagnosticReport(items=[])
    sources = diagnostics.open_sources(ls.state.documents.values())
    result_id = f"{diagnostics.result_id(document)}.p{ls.index.generation}"  # project diagnostics too
    if params.previous_result_id == result_id:
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
    items = diagnostics.lsp_diagnostics(document, sources) + ls._project_items(document.path, sources)
    return types.RelatedFullDocumentDiagnosticReport(items=items, result_id=result_id)


@server.feature("wflint/debug")
def debug(ls: WflintServer, params) -> dict:
    """State for tests and troubleshooting: open documents, pending work, memory. With
    `{"uri": ...}` also that document's text and version as the server holds them."""
    uri = getattr(params, "uri", None) if not isinstance(params, dict) else params.get("uri")
    gc.collect()
    answer = {
        "documents": len(ls.state.documents),
        "timers": len(ls.state._timers),
        "requestFutures": len(ls.protocol._request_futures),
        "resultTypes": len(ls.protocol._result_types),
        "lintRunning": ls.state._worker.running,
        "rssKiB": _rss_kib(),
        "index": {"ready": ls.index.ready, "files": len(ls.index.closed), "pending": len(ls.index._pending),
                  "seconds": ls.index.indexed_s, "dags": len(ls.index.index.dags),
                  "projectRunning": ls.index.running, "projectRuns": ls.index.runs,
                  "projectRunSeconds": ls.index.run_s},
    }
    try:
        import tracemalloc

        if tracemalloc.is_tracing():
            answer["tracedBytes"] = tracemalloc.get_traced_memory()[0]
            top = params.get("top") if isinstance(params, dict) else getattr(params, "top", None)
            if top:  # the allocations grown most since the previous debug request with `top`
                snapshot = tracemalloc.take_snapshot()
                previous = getattr(ls, "_debug_snapshot", None)
                if previous is not None:
                    answer["grown"] = [str(stat) for stat in snapshot.compare_to(previous, "lineno")[: int(top)]]
                ls._debug_snapshot = snapshot
    except Exception:
        pass
    document = ls.state.get(uri) if uri else None
    if document is not None:
        answer.update(text=document.text, version=document.version, upToDate=document.up_to_date)
    return answer


def _rss_kib() -> int | None:
    try:
        with open(f"/proc/{os.getpid()}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _uri_of(data: dict) -> str | None:
    params = data.get("params")
    document = params.get("textDocument") if isinstance(params, dict) else None
    uri = document.get("uri") if isinstance(document, dict) else None
    return uri if isinstance(uri, str) else None


# -- features -----------------------------------------------------------------------------------
# Each handler: find the document, convert the position, call the feature module.


def _config(ls: WflintServer, document: Document):
    try:
        return ls.state.project.config_for(document.path)
    except Exception:  # an invalid config file is reported by linting; features go on
        return None


def on_document(empty=None, *, wait: str = "settle"):
    """A guarded async handler called as handler(ls, params, document, offset): the document's
    state and the offset of `params.position` if any. Unknown documents get `empty`.

    `wait`: "settle" awaits the lint of the current text, and past the budget (see
    `WorkspaceState.settle`) answers from the last result; "first" awaits only a first
    result (completion reads the current text and the last model that parsed); "exact"
    refuses the request when the lint is not done within the budget (edits must be exact);
    "quiet" answers `empty` instead."""

    def decorate(handler):
        @guarded(empty)
        @functools.wraps(handler)
        async def run(ls: WflintServer, params):
            uri = params.text_document.uri
            document = ls.state.get(uri)
            if document is None:
                return empty() if callable(empty) else empty
            if wait != "first" or document.result is None:
                settled = await ls.state.settle(document)
                if ls.state.get(uri) is not document:
                    return empty() if callable(empty) else empty
                if not settled and wait == "exact":
                    raise RequestRefused(f"wflint is still checking {os.path.basename(document.path)}; try again in a moment")
                if not settled and wait == "quiet":
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
@on_document(lambda: types.CompletionList(is_incomplete=False, items=[]), wait="first")
def complete(ls: WflintServer, params: types.CompletionParams, document: Document, offset: int):
    return completion.complete(document, offset, snippets=ls.snippets, config=_config(ls, document))


@server.feature(types.TEXT_DOCUMENT_HOVER)
@on_document()
def on_hover(ls: WflintServer, params: types.HoverParams, document: Document, offset: int):
    return hover.hover(document, offset, _config(ls, document))


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
@on_document(list)
def definition(ls: WflintServer, params: types.DefinitionParams, document: Document, offset: int):
    return project.definition(ls.index, document.uri, offset) or navigation.definition(document, offset, _config(ls, document))


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
@on_document(list)
def references(ls: WflintServer, params: types.ReferenceParams, document: Document, offset: int):
    include = params.context.include_declaration if params.context else True
    return project.references(ls.index, document.uri, offset, include) or navigation.references(document, offset, include)


@server.feature(types.WORKSPACE_SYMBOL)
@guarded(list)
def workspace_symbols(ls: WflintServer, params: types.WorkspaceSymbolParams):
    return project.workspace_symbols(ls.index, params.query or "")


@server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
@on_document(wait="exact")
def prepare_rename(ls: WflintServer, params: types.PrepareRenameParams, document: Document, offset: int):
    return refusing(lambda: navigation.prepare_rename(document, offset))


@server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
@on_document(wait="exact")
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
@on_document(list, wait="quiet")
def code_actions(ls: WflintServer, params: types.CodeActionParams, document: Document, offset: None):
    context = params.context
    return actions.code_actions(document, params.range, context.only if context else None,
                                context.diagnostics if context else [])


@server.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=False))
@on_document(list)
def inlay_hints(ls: WflintServer, params: types.InlayHintParams, document: Document, offset: None):
    kinds = ls.state.settings.inlay_hints
    return inlay.inlay_hints(document, params.range, kinds) if kinds else []
