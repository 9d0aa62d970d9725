"""Positions are UTF-16 columns: emoji and accented letters before a position, CRLF line
breaks, tabs. Every feature converts through the same functions; these tests cover each
direction (server -> client ranges, client -> server positions, incremental edits)."""

from __future__ import annotations

import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_fixtures.support import (  # noqa: F401  (client: a pytest fixture)
    client, CONFIG, doc, edit, open_document, pos, published, rng, start, vscode_capabilities,
)

EMOJI = "\U0001F680"  # two UTF-16 code units


async def test_diagnostic_after_emoji_on_the_same_line(client: LanguageClient, tmp_path):
    text = f'etl: {{description: "{EMOJI}é", schedule_interval: "@daily", tasks: []}}\n'
    uri = open_document(client, tmp_path / "etl.yml", text)
    [diagnostic] = await published(client, uri, 1)
    # `schedule_interval` starts at code point 25, UTF-16 column 26 (the emoji counts twice).
    assert text.index("schedule_interval") == 25
    assert diagnostic.range == rng(0, 26, 0, 43)


async def test_incremental_edit_after_emoji(client: LanguageClient, tmp_path):
    text = f'etl: {{description: "{EMOJI}é", schedule_interval: "@daily", tasks: []}}\n'
    uri = open_document(client, tmp_path / "etl.yml", text)
    await published(client, uri, 1)
    edit(client, uri, 2, (0, 26), (0, 43), "schedule")
    assert await published(client, uri, 2) == []


WORKFLOW = f"""\
etl_dag:
  description: "{EMOJI} é"
  tasks:
    - task_id: extract
      operator: airflow.providers.standard.operators.empty.EmptyOperator
    - task_id: load
      operator: airflow.providers.standard.operators.bash.BashOperator
      bash_command: "{EMOJI}é {{{{ ti.xcom_pull(task_ids='extract') }}}}"
      dependencies: [extract]
"""


async def test_rename_and_definition_with_emoji_before(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "etl.yml", WORKFLOW)
    await published(client, uri, 1)
    line = WORKFLOW.splitlines()[7]
    code_points = line.index("extract")
    utf16 = code_points + 1
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=doc(uri), position=pos(7, utf16 + 2))
    )
    assert found == [types.Location(uri=uri, range=rng(3, 15, 3, 22))]
    result = await client.text_document_rename_async(
        types.RenameParams(text_document=doc(uri), position=pos(3, 16), new_name="pull")
    )
    ranges = sorted((e.range.start.line, e.range.start.character, e.range.end.character) for e in result.changes[uri])
    assert ranges == [(3, 15, 22), (7, utf16, utf16 + 7), (8, 21, 28)]


async def test_completion_range_after_emoji(client: LanguageClient, tmp_path):
    text = WORKFLOW + f'      env: "{EMOJI} {{{{ macros.ds_'
    uri = open_document(client, tmp_path / "etl.yml", text)
    last = text.splitlines()[-1]
    character = len(last) + 1  # one emoji before the cursor
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc(uri), position=pos(9, character))
    )
    item = next(i for i in result.items if i.label == "ds_add")
    assert item.text_edit.range == rng(9, character - 3, 9, character)


async def test_crlf_document(client: LanguageClient, tmp_path):
    text = "etl:\r\n  schedule_interval: '@daily'\r\n  tasks:\r\n    - task_id: a\r\n      operator: x.Y\r\n"
    uri = open_document(client, tmp_path / "etl.yml", text)
    diagnostics = {d.code: d for d in await published(client, uri, 1)}
    assert diagnostics["WF024"].range == rng(1, 2, 1, 19)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc(uri)))
    assert symbols[0].children[0].selection_range == rng(3, 15, 3, 16)
    assert symbols[0].children[0].range == rng(3, 6, 4, 19)
    # Completion on a CRLF line break.
    edit(client, uri, 2, (4, 19), (4, 19), "\r\n      trigger_rule: ")
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc(uri), position=pos(5, 20))
    )
    assert "all_success" in {i.label for i in result.items}
    assert result.items[0].text_edit.range == rng(5, 20, 5, 20)


async def test_tab_indentation_is_a_yaml_error_at_the_tab(client: LanguageClient, tmp_path):
    text = "etl:\n  tasks:\n\t- task_id: a\n"
    uri = open_document(client, tmp_path / "etl.yml", text)
    [diagnostic] = await published(client, uri, 1)
    assert diagnostic.code == "WF001"
    assert diagnostic.range.start.line == 2


async def test_tab_inside_a_value(client: LanguageClient, tmp_path):
    text = "etl: {description: \"a\tb\", schedule_interval: '@daily', tasks: []}\n"
    uri = open_document(client, tmp_path / "etl.yml", text)
    diagnostics = await published(client, uri, 1)
    assert [d.range for d in diagnostics] == [rng(0, 26, 0, 43)]


@pytest_lsp.fixture(config=CONFIG)
async def utf8_first_client(lsp_client: LanguageClient):
    capabilities = vscode_capabilities()
    capabilities.general = types.GeneralClientCapabilities(
        position_encodings=[types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16])
    lsp_client.initialize_result = await lsp_client.initialize_session(types.InitializeParams(capabilities=capabilities))
    yield
    await lsp_client.shutdown_session()


async def test_utf16_is_negotiated_even_when_the_client_prefers_utf8(utf8_first_client: LanguageClient, tmp_path):
    client = utf8_first_client
    assert client.initialize_result.capabilities.position_encoding == types.PositionEncodingKind.Utf16
    text = f'etl: {{description: "{EMOJI}é", schedule_interval: "@daily", tasks: []}}\n'
    uri = open_document(client, tmp_path / "etl.yml", text)
    [diagnostic] = await published(client, uri, 1)
    assert diagnostic.range == rng(0, 26, 0, 43)
