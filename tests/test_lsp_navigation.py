"""Go to definition, references, rename and prepareRename end to end."""

from __future__ import annotations

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

from lsp_fixtures.support import (  # noqa: F401  (client: a pytest fixture)
    client, doc, open_document, pos, published, rng, start,
)

WORKFLOW = """\
etl_dag:
  task_groups:
    - group_name: loaders
    - group_name: inner
      parent_group_name: loaders
  tasks:
    - task_id: extract
      operator: airflow.providers.standard.operators.empty.EmptyOperator
    - task_id: load
      operator: airflow.providers.standard.operators.bash.BashOperator
      dependencies: [extract]
      task_group_name: inner
      bash_command: "echo {{ ti.xcom_pull(task_ids='extract') }}"
      env: +extract
    - task_id: report
      operator: airflow.providers.standard.operators.empty.EmptyOperator
      dependencies:
        - "extract"
        - loaders
other_dag:
  tasks:
    - task_id: extract
      operator: airflow.providers.standard.operators.empty.EmptyOperator
"""


async def opened(client, tmp_path, text=WORKFLOW):
    uri = open_document(client, tmp_path / "etl.yml", text)
    await published(client, uri, 1)
    return uri


async def test_definition_from_dependency_group_and_output(client: LanguageClient, tmp_path):
    uri = await opened(client, tmp_path)
    extract = [types.Location(uri=uri, range=rng(6, 15, 6, 22))]
    for line, character in ((10, 23), (13, 12), (12, 54), (17, 12)):
        found = await client.text_document_definition_async(types.DefinitionParams(text_document=doc(uri), position=pos(line, character)))
        assert found == extract, (line, character)
    found = await client.text_document_definition_async(types.DefinitionParams(text_document=doc(uri), position=pos(11, 24)))
    assert found == [types.Location(uri=uri, range=rng(3, 18, 3, 23))]
    found = await client.text_document_definition_async(types.DefinitionParams(text_document=doc(uri), position=pos(18, 11)))
    assert found == [types.Location(uri=uri, range=rng(2, 18, 2, 25))]
    found = await client.text_document_definition_async(types.DefinitionParams(text_document=doc(uri), position=pos(4, 26)))
    assert found == [types.Location(uri=uri, range=rng(2, 18, 2, 25))]


async def test_definition_of_python_callable_file(client: LanguageClient, tmp_path):
    (tmp_path / "callables.py").write_text("def run():\n    pass\n", encoding="utf-8")
    text = WORKFLOW.replace("    - task_id: report\n", "    - task_id: report\n      python_callable_file: callables.py\n")
    uri = await opened(client, tmp_path, text)
    found = await client.text_document_definition_async(types.DefinitionParams(text_document=doc(uri), position=pos(15, 30)))
    assert [location.uri for location in found] == [(tmp_path / "callables.py").as_uri()]


async def test_references_of_a_task_stay_in_its_dag(client: LanguageClient, tmp_path):
    uri = await opened(client, tmp_path)
    found = await client.text_document_references_async(
        types.ReferenceParams(text_document=doc(uri), position=pos(6, 17), context=types.ReferenceContext(include_declaration=True))
    )
    assert [location.range for location in found] == [
        rng(6, 15, 6, 22), rng(10, 21, 10, 28), rng(12, 52, 12, 59), rng(13, 12, 13, 19), rng(17, 11, 17, 18)
    ]
    found = await client.text_document_references_async(
        types.ReferenceParams(text_document=doc(uri), position=pos(6, 17), context=types.ReferenceContext(include_declaration=False))
    )
    assert len(found) == 4


async def test_rename_task_updates_every_reference(client: LanguageClient, tmp_path):
    uri = await opened(client, tmp_path)
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=doc(uri), position=pos(10, 24))
    )
    assert prepared.range == rng(10, 21, 10, 28) and prepared.placeholder == "extract"
    edit = await client.text_document_rename_async(
        types.RenameParams(text_document=doc(uri), position=pos(10, 24), new_name="pull")
    )
    edits = edit.changes[uri]
    assert [(e.range, e.new_text) for e in edits] == [
        (rng(6, 15, 6, 22), "pull"), (rng(10, 21, 10, 28), "pull"), (rng(12, 52, 12, 59), "pull"),
        (rng(13, 12, 13, 19), "pull"), (rng(17, 11, 17, 18), "pull"),
    ]


async def test_rename_group_updates_parent_and_task_references(client: LanguageClient, tmp_path):
    uri = await opened(client, tmp_path)
    edit = await client.text_document_rename_async(
        types.RenameParams(text_document=doc(uri), position=pos(2, 20), new_name="sinks")
    )
    assert sorted((e.range.start.line, e.range.start.character) for e in edit.changes[uri]) == [(2, 18), (4, 25), (18, 10)]


async def test_prepare_rename_refuses_other_positions(client: LanguageClient, tmp_path):
    uri = await opened(client, tmp_path)
    with pytest.raises(JsonRpcException, match="Only a task id or a task group name can be renamed"):
        await client.text_document_prepare_rename_async(types.PrepareRenameParams(text_document=doc(uri), position=pos(7, 8)))


async def test_rename_refuses_invalid_or_taken_names(client: LanguageClient, tmp_path):
    uri = await opened(client, tmp_path)
    with pytest.raises(JsonRpcException, match="not a valid task id"):
        await client.text_document_rename_async(types.RenameParams(text_document=doc(uri), position=pos(6, 17), new_name="a b"))
    with pytest.raises(JsonRpcException, match="already a task or group"):
        await client.text_document_rename_async(types.RenameParams(text_document=doc(uri), position=pos(6, 17), new_name="load"))
