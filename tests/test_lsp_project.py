"""The workspace index end to end: project diagnostics (WF6xx) of open and closed files,
navigation across files and workspace symbols, over stdio with the real server."""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_fixtures.support import eventually, open_document, pos, published, start  # noqa: F401
import pytest_lsp
from lsp_fixtures.support import CONFIG, make_client
from pytest_lsp import ClientServerConfig

PROJECT = Path(__file__).parent / "fixtures" / "project" / "dags"


@pytest_lsp.fixture(config=CONFIG)
async def bare(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


async def workspace(client: LanguageClient, tmp_path: Path) -> tuple[Path, str]:
    root = tmp_path / "dags"
    shutil.copytree(PROJECT, root)
    await start(client, root=root)
    sales = root / "sales.yaml"
    uri = open_document(client, sales, sales.read_text())
    return root, uri


def codes_at(items, line):
    return {(item.code, item.range.start.line) for item in items if item.range.start.line == line}


async def latest(client, uri):
    for params in reversed(client.published):
        if params.uri == uri:
            return list(params.diagnostics)
    return []


async def test_project_diagnostics_and_clearing(bare: LanguageClient, tmp_path):
    client = bare
    root, uri = await workspace(client, tmp_path)

    async def has_unknown_trigger():
        return any(d.code == "WF603" and d.range.start.line == 11 for d in await latest(client, uri))

    async def wait(predicate, timeout=20.0):
        import asyncio
        deadline = asyncio.get_running_loop().time() + timeout
        while not await predicate():
            assert asyncio.get_running_loop().time() < deadline, client.published[-3:]
            await asyncio.sleep(0.05)

    await wait(has_unknown_trigger)
    items = await latest(client, uri)
    assert any(d.code == "WF601" for d in items)  # daily_report is defined in marketing.yaml too
    # the closed file gets its own project diagnostics (the loop_a -> loop_b cycle)
    marketing = (root / "marketing.yaml").as_uri()
    await wait(lambda: _true(any(d.code == "WF604" for d in _latest_sync(client, marketing))))

    # a new file defines the DAG the trigger names: the diagnostic goes away
    (root / "summary2.yaml").write_text(
        "sumary:\n  schedule: null\n  start_date: 2024-01-01\n  tasks:\n"
        "    - task_id: x\n      operator: airflow.providers.standard.operators.empty.EmptyOperator\n")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=(root / "summary2.yaml").as_uri(), type=types.FileChangeType.Created)]))

    async def cleared():
        return not await has_unknown_trigger()

    await wait(cleared)
    assert any(d.code == "WF601" for d in await latest(client, uri))  # the rest stays (no empty set)
    assert all(params.diagnostics for params in client.published if params.uri == uri)


async def _true(value):
    return value


def _latest_sync(client, uri):
    for params in reversed(client.published):
        if params.uri == uri:
            return list(params.diagnostics)
    return []


async def test_navigation_across_files(bare: LanguageClient, tmp_path):
    client = bare
    root, uri = await workspace(client, tmp_path)
    marketing = (root / "marketing.yaml").as_uri()
    await eventually(lambda: any(d.code == "WF603" for d in _latest_sync(client, uri)), timeout=20)

    # external_dag_id: daily_report -> both definitions (sales.yaml line 1, marketing.yaml line 0)
    found = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=pos(19, 25)))
    assert {(loc.uri, loc.range.start.line) for loc in found} == {(uri, 1), (marketing, 0)}

    # external_task_id: lod names no task; trigger_dag_id: daily_report (line 23) -> the DAGs
    found = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=pos(23, 24)))
    assert (marketing, 0) in {(loc.uri, loc.range.start.line) for loc in found}

    # schedule asset -> the task whose outlets produce it (line 8), and back
    found = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=pos(14, 15)))
    assert [(loc.uri, loc.range.start.line) for loc in found] == [(uri, 8)]
    found = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=pos(8, 20)))
    assert [(loc.uri, loc.range.start.line) for loc in found] == [(uri, 14)]

    # references of daily_report: both definitions, the sensor and the trigger
    refs = await client.text_document_references_async(types.ReferenceParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=pos(1, 3),
        context=types.ReferenceContext(include_declaration=True)))
    assert {(loc.uri, loc.range.start.line) for loc in refs} == {(uri, 1), (marketing, 0), (uri, 19), (uri, 23)}

    # workspace symbols: fuzzy, across files (marketing.yaml is not open)
    symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="lpb"))
    names = {(symbol.name, symbol.location.uri) for symbol in symbols}
    assert ("loop_b", marketing) in names
    symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="start_sum"))
    assert [(symbol.name, symbol.container_name) for symbol in symbols] == [("start_summary", "daily_report")]


async def test_task_definition_and_closed_file_cleared_by_an_edit(bare: LanguageClient, tmp_path):
    """external_task_id goes to the task; a closed file's project diagnostic (the loop in
    marketing.yaml) goes away when an edit of an open file breaks the loop, with an empty set."""
    client = bare
    root = tmp_path / "dags"
    shutil.copytree(PROJECT, root)
    (root / "other.yaml").write_text(
        "other:\n  schedule: null\n  start_date: 2024-01-01\n  tasks:\n"
        "    - task_id: wait\n      operator: airflow.providers.standard.sensors.external_task.ExternalTaskSensor\n"
        "      external_dag_id: summary\n      external_task_ids: [back, wait]\n      mode: reschedule\n")
    await start(client, root=root)
    marketing = root / "marketing.yaml"
    other = root / "other.yaml"
    uri = open_document(client, other, other.read_text())
    await eventually(lambda: any(d.code == "WF604" for d in _latest_sync(client, marketing.as_uri())), timeout=20)
    sales = (root / "sales.yaml").as_uri()
    found = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=pos(7, 27)))
    assert [(loc.uri, loc.range.start.line, loc.range.start.character) for loc in found] == [(sales, 21, 15)]

    # a closed file's project diagnostic goes away with an edit of an open file: an empty set
    zz = root / "zz.yaml"
    zz.write_text("zz:\n  schedule: null\n  start_date: 2024-01-01\n  tasks:\n    - task_id: go\n"
                  "      operator: airflow.providers.standard.operators.trigger_dagrun.TriggerDagRunOperator\n"
                  "      trigger_dag_id: fresh_dag\n")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=zz.as_uri(), type=types.FileChangeType.Created)]))
    await eventually(lambda: any(d.code == "WF603" for d in _latest_sync(client, zz.as_uri())), timeout=20)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(
            text=other.read_text() + "fresh_dag:\n  schedule: null\n  start_date: 2024-01-01\n  tasks:\n"
                 "    - task_id: x\n      operator: airflow.providers.standard.operators.empty.EmptyOperator\n")]))
    await eventually(lambda: any(p.uri == zz.as_uri() for p in client.published)
                     and _latest_sync(client, zz.as_uri()) == [], timeout=20)
    await eventually(lambda: any(p.uri == uri and p.version == 2 for p in client.published), timeout=20)
    assert sum(1 for p in client.published if p.uri == uri and p.version == 2) == 1  # one set per version


GATED = ClientServerConfig(server_command=[sys.executable, str(Path(__file__).parent / "lsp_fixtures" / "gated_server.py")], client_factory=make_client)


@pytest_lsp.fixture(config=GATED)
async def gated(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


async def test_requests_are_answered_while_the_project_rules_run(gated: LanguageClient, tmp_path):
    """The project rules run on the lint thread: held at a gate there, hover and completion are
    still answered (on the event loop they would wait for the run), and the project diagnostics
    come only once the run ends."""
    client = gated
    root, uri = await workspace(client, tmp_path)

    async def gate():
        return await client.protocol.send_request_async("test/gate", {})

    async def waiting():
        deadline = asyncio.get_running_loop().time() + 20
        while not _field(await gate(), "waiting"):
            assert asyncio.get_running_loop().time() < deadline, "no run of the project rules started"
            await asyncio.sleep(0.05)

    await waiting()  # the run at the end of indexing, held
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=pos(2, 4)))
    assert hover is not None and "schedule" in str(hover.contents).lower()
    items = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=pos(9, 6)))
    assert items is not None and any(item.label == "task_id" for item in _items(items))
    state = await gate()
    assert _field(state, "waiting") and not _field(state, "open")  # all answered during the run
    assert not any(str(d.code).startswith("WF6") for d in _latest_sync(client, uri))

    # An edit meanwhile: its lint queues behind the run; completion answers from the text at once.
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=pos(11, 28), end=pos(11, 28)), text="_x")]))
    items = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=pos(9, 6)))
    assert any(item.label == "task_id" for item in _items(items))
    assert _field(await gate(), "waiting")

    await client.protocol.send_request_async("test/openGate", {})
    await eventually(lambda: any(d.code == "WF603" and "sumary_x" in d.message for d in _latest_sync(client, uri)),
                     timeout=20)


def _field(value, name):
    return value[name] if isinstance(value, dict) else getattr(value, name)


def _items(result):
    return result.items if isinstance(result, types.CompletionList) else result


def _dag(dag_id: str, trigger: str | None = None) -> str:
    text = (f"{dag_id}:\n  schedule: null\n  start_date: 2024-01-01\n  tasks:\n    - task_id: go\n")
    if trigger is None:
        return text + "      operator: airflow.providers.standard.operators.empty.EmptyOperator\n"
    return text + ("      operator: airflow.providers.standard.operators.trigger_dagrun.TriggerDagRunOperator\n"
                   f"      trigger_dag_id: {trigger}\n")


async def test_airflowignored_files_are_not_in_the_project(bare: LanguageClient, tmp_path):
    """The workspace index collects as `wflint check` does: DAG Factory 1.1.0 (the default
    target) does not load what `.airflowignore` files name, nested ones included, so a DAG there
    is no duplicate-dag_id partner and its ids are not workspace symbols; editing an
    `.airflowignore` re-indexes."""
    client = bare
    root = tmp_path / "dags"
    (root / "legacy").mkdir(parents=True)
    (root / "sub").mkdir()
    (root / "main.yaml").write_text(_dag("shared_id", trigger="nowhere"))
    (root / "legacy" / "old.yaml").write_text(_dag("shared_id") + _dag("legacy_only"))
    (root / "sub" / "deep.yaml").write_text(_dag("shared_id") + _dag("deep_only"))
    (root / "sub" / "kept.yaml").write_text(_dag("kept_only"))
    (root / ".airflowignore").write_text("legacy/  # old DAGs\n")
    (root / "sub" / ".airflowignore").write_text("deep.yaml\n")
    await start(client, root=root)
    main = root / "main.yaml"
    uri = open_document(client, main, main.read_text())

    async def names(query):
        return {symbol.name for symbol in await client.workspace_symbol_async(types.WorkspaceSymbolParams(query=query))}

    await eventually(lambda: any(d.code == "WF603" for d in _latest_sync(client, uri)), timeout=20)
    assert not any(d.code == "WF601" for d in _latest_sync(client, uri))
    assert await names("only") == {"kept_only"}

    # Opened, an ignored file is still not loaded by DAG Factory: no partner either.
    old = root / "legacy" / "old.yaml"
    open_document(client, old, old.read_text())
    await eventually(lambda: any(p.uri == old.as_uri() for p in client.published), timeout=20)
    info = await client.protocol.send_request_async("wflint/debug", {})
    assert _field(_field(info, "index"), "dags") == 2  # shared_id (main.yaml) and kept_only
    assert not any(d.code == "WF601" for d in _latest_sync(client, uri))

    # The top-level .airflowignore no longer names legacy/: old.yaml joins the project.
    (root / ".airflowignore").write_text("# nothing ignored here\n")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=(root / ".airflowignore").as_uri(), type=types.FileChangeType.Changed)]))
    await eventually(lambda: any(d.code == "WF601" for d in _latest_sync(client, uri)), timeout=20)
    assert await names("only") == {"kept_only", "legacy_only"}  # sub/deep.yaml stays ignored
    partners = [d for d in _latest_sync(client, uri) if d.code == "WF601"]
    assert {info.location.uri for d in partners for info in d.related_information or []} == {old.as_uri()}



async def test_closed_files_follow_changes_on_disk(bare: LanguageClient, tmp_path):
    """workspace/didChangeWatchedFiles: a closed consumer of an asset gets WF602 when its
    producer stops producing it (changed) or is deleted, and an empty set when a producer comes
    back (changed) or is created."""
    client = bare
    root = tmp_path / "dags"
    root.mkdir()
    producer, consumer, opened = root / "producer.yaml", root / "consumer.yaml", root / "opened.yaml"

    def producing(dag_id, asset):
        return (f"{dag_id}:\n  schedule: null\n  start_date: 2024-01-01\n  tasks:\n    - task_id: load\n"
                "      operator: airflow.providers.standard.operators.empty.EmptyOperator\n"
                f"      outlets: [\"{asset}\"]\n")

    producer.write_text(producing("producer", "s3://lake/orders"))
    consumer.write_text("consumer:\n  schedule: [\"s3://lake/orders\"]\n  start_date: 2024-01-01\n  tasks:\n"
                        "    - task_id: go\n      operator: airflow.providers.standard.operators.empty.EmptyOperator\n")
    opened.write_text(_dag("opened"))
    await start(client, root=root)
    open_document(client, opened, opened.read_text())

    async def runs():
        return _field(_field(await client.protocol.send_request_async("wflint/debug", {}), "index"), "projectRuns")

    deadline = asyncio.get_running_loop().time() + 20
    while not await runs():
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.05)
    assert not any(p.uri == consumer.as_uri() for p in client.published)  # nothing to say about it

    def event(path, kind):
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
            types.FileEvent(uri=path.as_uri(), type=kind)]))

    def consumer_codes():
        return [d.code for d in _latest_sync(client, consumer.as_uri())]

    def published_for_consumer():
        return sum(1 for p in client.published if p.uri == consumer.as_uri())

    producer.write_text(producing("producer", "s3://lake/other"))
    event(producer, types.FileChangeType.Changed)
    await eventually(lambda: consumer_codes() == ["WF602"], timeout=20)

    producer.write_text(producing("producer", "s3://lake/orders"))
    event(producer, types.FileChangeType.Changed)
    await eventually(lambda: published_for_consumer() == 2 and consumer_codes() == [], timeout=20)

    producer.unlink()
    event(producer, types.FileChangeType.Deleted)
    await eventually(lambda: published_for_consumer() == 3 and consumer_codes() == ["WF602"], timeout=20)
    found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="producer"))
    assert found == []  # the deleted file's DAG is gone from the index

    created = root / "later" / "new_producer.yaml"
    created.parent.mkdir()
    created.write_text(producing("new_producer", "s3://lake/orders"))
    event(created, types.FileChangeType.Created)
    await eventually(lambda: published_for_consumer() == 4 and consumer_codes() == [], timeout=20)
