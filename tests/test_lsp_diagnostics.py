"""Diagnostics end to end: publish on open/change/save, versioning, clearing, related
information, pull mode, defaults.yml re-checks, settings, robustness."""

from __future__ import annotations

import asyncio

import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_fixtures.support import (  # noqa: F401  (client: a pytest fixture)
    client, CONFIG, doc, edit, eventually, open_document, published, pull_capabilities, replace_all, rng, start,
)

WORKFLOW = """\
etl_dag:
  schedule_interval: "0 6 * * *"
  start_date: 2024-01-01
  tasks:
    - task_id: extract
      operator: airflow.providers.standard.operators.empty.EmptyOperator
    - task_id: extract
      operator: airflow.providers.standard.operators.empty.EmptyOperator
"""
CLEAN = """\
etl_dag:
  schedule: "0 6 * * *"
  start_date: 2024-01-01
  tasks:
    - task_id: extract
      operator: airflow.providers.standard.operators.empty.EmptyOperator
"""


def by_code(diagnostics):
    return {d.code: d for d in diagnostics}


async def test_open_publishes_diagnostics_with_ranges_links_and_related(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "etl.yml", WORKFLOW)
    found = by_code(await published(client, uri, 1))
    assert set(found) == {"WF023", "WF024"}
    schedule = found["WF024"]
    assert schedule.range == rng(1, 2, 1, 19)
    assert schedule.severity == types.DiagnosticSeverity.Error
    assert schedule.source == "wflint"
    assert schedule.code_description.href.endswith("#wf024")
    assert schedule.data == {"code": "WF024", "start": 11, "end": 28}
    duplicate = found["WF023"]
    assert duplicate.range == rng(6, 15, 6, 22)
    [related] = duplicate.related_information
    assert related.location.uri == uri
    assert related.location.range == rng(4, 15, 4, 22)
    assert related.message == "first definition"


async def test_change_relints_and_close_clears(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "etl.yml", WORKFLOW)
    assert await published(client, uri, 1)
    replace_all(client, uri, CLEAN, 2)
    assert await published(client, uri, 2) == []
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    await eventually(lambda: client.published[-1].uri == uri and client.published[-1].version is None)
    assert list(client.diagnostics[uri]) == []


async def test_incremental_edit_fixes_the_key(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "etl.yml", WORKFLOW)
    await published(client, uri, 1)
    edit(client, uri, 2, (1, 2), (1, 19), "schedule")  # schedule_interval -> schedule
    assert set(by_code(await published(client, uri, 2))) == {"WF023"}


async def test_rapid_changes_publish_only_the_latest_version(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "etl.yml", CLEAN)
    await published(client, uri, 1)
    # Ten quick edits, each inside the debounce window: only the last one is linted.
    for version in range(2, 12):
        text = WORKFLOW if version % 2 else CLEAN
        replace_all(client, uri, text, version)
    diagnostics = await published(client, uri, 11)
    assert set(by_code(diagnostics)) == {"WF023", "WF024"}
    await asyncio.sleep(0.4)
    versions = [p.version for p in client.published if p.uri == uri]
    assert versions == [1, 11]


async def test_save_publishes(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "etl.yml", CLEAN)
    await published(client, uri, 1)
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    await eventually(lambda: len([p for p in client.published if p.uri == uri]) == 2)


async def test_broken_yaml_reports_syntax_error(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "etl.yml", "etl:\n  tasks:\n    - task_id: a\n      operator: [\n")
    [diagnostic] = await published(client, uri, 1)
    assert diagnostic.code == "WF001"
    assert diagnostic.range.start.line == 3  # on the broken line (recovery), not the empty one after it


async def test_defaults_yml_change_rechecks_open_workflows(client: LanguageClient, tmp_path):
    (tmp_path / ".git").mkdir()  # the defaults chain stops at the repository root
    (tmp_path / "defaults.yml").write_text("default_args:\n  retries: 5\n", encoding="utf-8")
    workflow = CLEAN + "      retries: 1\n"
    workflow_uri = open_document(client, tmp_path / "etl.yml", workflow)
    assert await published(client, workflow_uri, 1) == []

    async def retries_hover():
        found = await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=workflow_uri), position=types.Position(line=6, character=8)))
        return found.contents.value

    assert "Overrides `default_args.retries: 5` from defaults.yml:2." in await retries_hover()
    # An unsaved edit of the open defaults.yml re-checks the workflow and is what it inherits.
    defaults_uri = open_document(client, tmp_path / "defaults.yml", "default_args:\n  retries: 5\n")
    await published(client, defaults_uri, 1)
    before = len([p for p in client.published if p.uri == workflow_uri])
    replace_all(client, defaults_uri, "default_args:\n\n  retries: 7\n", 2)
    await eventually(lambda: len([p for p in client.published if p.uri == workflow_uri]) > before)
    assert "Overrides `default_args.retries: 7` from defaults.yml:3." in await retries_hover()
    # Closing it without saving: back to the file on disk.
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=defaults_uri)))
    await eventually(lambda: len([p for p in client.published if p.uri == workflow_uri]) > before + 1)
    assert "Overrides `default_args.retries: 5` from defaults.yml:2." in await retries_hover()


async def test_unknown_uri_and_positions_past_the_end_are_harmless(client: LanguageClient, tmp_path):
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=(tmp_path / "nope.yml").as_uri()),
                          position=types.Position(line=99, character=99))
    )
    assert hover is None
    uri = open_document(client, tmp_path / "etl.yml", CLEAN)
    await published(client, uri, 1)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=500, character=3))
    )
    assert hover is None


async def test_malformed_request_does_not_kill_the_server(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "etl.yml", WORKFLOW)
    await published(client, uri, 1)
    # Raw messages the client library would refuse to build: wrong types, missing fields, no params.
    for number, params in enumerate(({"textDocument": 42, "position": "x"}, {}, None)):
        client.protocol._send_data({"jsonrpc": "2.0", "id": f"bad-{number}", "method": "textDocument/hover", "params": params})
    client.protocol._send_data({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {}}})
    # Still alive and answering.
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert symbols is not None


@pytest_lsp.fixture(config=CONFIG)
async def pulling_client(lsp_client: LanguageClient):
    await start(lsp_client, capabilities=pull_capabilities())
    yield
    await lsp_client.shutdown_session()


async def test_pull_diagnostics_instead_of_push(pulling_client: LanguageClient, tmp_path):
    client = pulling_client
    uri = open_document(client, tmp_path / "etl.yml", WORKFLOW)
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert {d.code for d in report.items} == {"WF023", "WF024"}
    again = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=report.result_id)
    )
    assert again.kind == "unchanged"
    replace_all(client, uri, CLEAN, 2)
    # Pulled right after the change: answered for the new text, without waiting for the debounce.
    fresh = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=report.result_id)
    )
    assert fresh.kind == "full" and list(fresh.items) == []
    await asyncio.sleep(0.3)
    assert client.published == []


@pytest_lsp.fixture(config=CONFIG)
async def configured_client(lsp_client: LanguageClient):
    lsp_client.set_configuration({"ignore": ["WF023"]}, section="wflint")
    await start(lsp_client, options={"debounce": 50})
    yield
    await lsp_client.shutdown_session()


async def test_settings_from_workspace_configuration(configured_client: LanguageClient, tmp_path):
    client = configured_client
    uri = open_document(client, tmp_path / "etl.yml", WORKFLOW)
    await eventually(lambda: any(p.uri == uri and p.diagnostics and {d.code for d in p.diagnostics} == {"WF024"}
                                 for p in client.published))
    client.set_configuration({"ignore": ["WF024"]}, section="wflint")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await eventually(lambda: {d.code for d in client.published[-1].diagnostics} == {"WF023"})


async def test_server_watches_defaults_and_config_files(client: LanguageClient, tmp_path):
    registration = await eventually(lambda: next(iter(client.registrations), None))
    assert registration.method == "workspace/didChangeWatchedFiles"
    patterns = [watcher["globPattern"] if isinstance(watcher, dict) else watcher.glob_pattern
                for watcher in (registration.register_options["watchers"] if isinstance(registration.register_options, dict)
                                else registration.register_options.watchers)]
    assert patterns == ["**/defaults.yml", "**/defaults.yaml", "**/wflint.toml", "**/pyproject.toml", "**/.airflowignore"]


async def test_watched_config_change_relints(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "etl.yml", WORKFLOW)
    assert {d.code for d in await published(client, uri, 1)} == {"WF023", "WF024"}
    (tmp_path / "wflint.toml").write_text('ignore = ["WF024"]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=(tmp_path / "wflint.toml").as_uri(), type=types.FileChangeType.Created)
    ]))
    await eventually(lambda: {d.code for d in client.published[-1].diagnostics} == {"WF023"})


async def test_invalid_config_file_is_reported_and_the_server_goes_on(client: LanguageClient, tmp_path):
    (tmp_path / "wflint.toml").write_text("selct = ['WF0']\n", encoding="utf-8")
    uri = open_document(client, tmp_path / "etl.yml", WORKFLOW)
    message = await eventually(lambda: next((m for m in client.messages if "selct" in m.message), None))
    assert message.type == types.MessageType.Warning and "did you mean `select`" in message.message
    assert await published(client, uri, 1) == []
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc(uri)))
    assert list(symbols) == []
    # Fixed on disk and reported by the client's watcher: linting resumes.
    (tmp_path / "wflint.toml").write_text("select = ['WF0']\n", encoding="utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=(tmp_path / "wflint.toml").as_uri(), type=types.FileChangeType.Changed)
    ]))
    await eventually(lambda: {d.code for d in client.published[-1].diagnostics} == {"WF023", "WF024"})


async def test_deleted_file_closed_document_and_unknown_changes(client: LanguageClient, tmp_path):
    path = tmp_path / "etl.yml"
    path.write_text(WORKFLOW, encoding="utf-8")
    uri = open_document(client, path, WORKFLOW)
    await published(client, uri, 1)
    path.unlink()
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=doc(uri)))
    await eventually(lambda: len([p for p in client.published if p.uri == uri]) == 2)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=doc(uri)))
    # Changes and requests for documents that are not open are ignored, not fatal.
    replace_all(client, uri, CLEAN, 5)
    replace_all(client, (tmp_path / "never-opened.yml").as_uri(), CLEAN, 1)
    for request in (client.text_document_definition_async, client.text_document_references_async):
        params_type = types.DefinitionParams if request == client.text_document_definition_async else types.ReferenceParams
        kwargs = {"context": types.ReferenceContext(include_declaration=True)} if params_type is types.ReferenceParams else {}
        assert list(await request(params_type(text_document=doc(uri), position=types.Position(line=1, character=1), **kwargs)) or []) == []
    completion = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc(uri), position=types.Position(line=0, character=0)))
    assert list(completion.items) == []


@pytest_lsp.fixture(config=CONFIG)
async def fast_client(lsp_client: LanguageClient):
    await start(lsp_client, options={"debounce": 10})
    yield
    await lsp_client.shutdown_session()


async def test_overlapping_lints_publish_versions_in_order(fast_client: LanguageClient, tmp_path):
    client = fast_client
    # A large document, so that linting takes longer than the debounce delay and lints overlap.
    tasks = "".join(
        f"    - task_id: t{n}\n      operator: airflow.providers.standard.operators.empty.EmptyOperator\n" for n in range(200)
    )
    big = "etl_dag:\n  schedule: '@daily'\n  tasks:\n" + tasks
    uri = open_document(client, tmp_path / "etl.yml", big)
    await published(client, uri, 1)
    for version in range(2, 17):
        text = big.replace("schedule:", "schedule_interval:") if version % 2 else big
        replace_all(client, uri, text, version)
        await asyncio.sleep(0.01)
    diagnostics = await published(client, uri, 16)
    assert diagnostics == []
    await asyncio.sleep(0.5)
    versions = [p.version for p in client.published if p.uri == uri]
    assert versions == sorted(versions) and versions[-1] == 16
