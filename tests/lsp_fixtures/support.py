"""Shared pieces of the language server's end-to-end tests: a client that records every
publishDiagnostics, sessions over stdio with the real server, and waiting helpers."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features
from pytest_lsp.protocol import LanguageClientProtocol  # noqa: F401  (imported for its side effects)

SERVER = [sys.executable, "-m", "wflint.lsp"]
FIXTURES = Path(__file__).parent


def record_publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)


def record_registration(client: LanguageClient, params: types.RegistrationParams) -> None:
    client.registrations.extend(params.registrations)


def make_client() -> LanguageClient:
    from pygls.protocol import default_converter

    client = LanguageClient(converter_factory=default_converter)
    client.published = []
    client.registrations = []
    register_lsp_features(client, {
        **DEFAULT_CLIENT_FEATURES,
        types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: record_publish,
        types.CLIENT_REGISTER_CAPABILITY: record_registration,
    })
    return client


CONFIG = ClientServerConfig(server_command=SERVER, client_factory=make_client)


def vscode_capabilities() -> types.ClientCapabilities:
    return client_capabilities("visual-studio-code")


def pull_capabilities() -> types.ClientCapabilities:
    capabilities = vscode_capabilities()
    capabilities.text_document.diagnostic = types.DiagnosticClientCapabilities(related_document_support=False)
    return capabilities


async def start(client: LanguageClient, capabilities=None, options=None, root: Path | None = None) -> None:
    await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities or vscode_capabilities(),
            initialization_options=options,
            root_uri=root.as_uri() if root else None,
        )
    )


async def eventually(predicate, timeout: float = 10.0, interval: float = 0.02):
    """Wait until `predicate()` is truthy; return its value."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(interval)


def open_document(client: LanguageClient, path: Path, text: str, version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=version, text=text)
        )
    )
    return uri


def replace_all(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def edit(client: LanguageClient, uri: str, version: int, start: tuple[int, int], end: tuple[int, int], text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=types.Position(*start), end=types.Position(*end)), text=text
                )
            ],
        )
    )


async def published(client: LanguageClient, uri: str, version: int | None = None):
    """The newest diagnostics published for `uri` (for `version` when given)."""

    def latest():
        for params in reversed(client.published):
            if params.uri == uri and (version is None or params.version == version):
                return params
        return None

    params = await eventually(latest)
    return list(params.diagnostics)


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient):
    """A VS Code-like client (push diagnostics, snippets) talking to a fresh server."""
    await start(lsp_client)
    yield
    await lsp_client.shutdown_session()


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


def pos(line: int, character: int) -> types.Position:
    return types.Position(line=line, character=character)


def rng(line: int, start: int, end_line: int, end: int) -> types.Range:
    return types.Range(start=pos(line, start), end=pos(end_line, end))


def plain(value):
    """pygls hands custom answers back as named tuples: turn them into dicts and lists."""
    if hasattr(value, "_asdict"):
        return {key: plain(item) for key, item in value._asdict().items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value
