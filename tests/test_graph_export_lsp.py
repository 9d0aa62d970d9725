"""The language server's `wflint/graph` request: the graph document of the current text, with LSP
ranges, and the last graph that parsed (marked stale) while the YAML is half typed."""

from __future__ import annotations

from pytest_lsp import LanguageClient

from lsp_fixtures.support import client, open_document, plain, published, replace_all  # noqa: F401  (client: a pytest fixture)

WORKFLOW = """\
etl:
  schedule: "@daily"
  start_date: 2025-01-01
  task_groups:
    - group_name: load
  tasks:
    - task_id: extract
      operator: airflow.providers.standard.operators.empty.EmptyOperator
    - task_id: "save_é"
      operator: airflow.providers.standard.operators.empty.EmptyOperator
      task_group_name: load
      dependencies: [extract]
"""


async def graph(client: LanguageClient, uri: str) -> dict:
    answer = await client.protocol.send_request_async("wflint/graph", {"textDocument": {"uri": uri}})
    return plain(answer)


async def test_graph_request_answers_the_current_text_then_the_last_that_parsed(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "etl.yml", WORKFLOW)
    await published(client, uri, 1)
    first = (await graph(client, uri))
    assert first["stale"] is False and first["version"] == 1
    [dag] = first["dags"]
    assert [node["id"] for node in dag["nodes"]] == ["extract", "save_é"]
    assert [(e["source"], e["target"]) for e in dag["edges"]] == [("extract", "save_é")]
    save = dag["nodes"][1]
    assert save["range"] == {"start": {"line": 8, "character": 15}, "end": {"line": 8, "character": 23}}
    assert dag["groups"][0]["range"]["start"] == {"line": 4, "character": 18}

    # A new dependency redraws; a half-typed line keeps the last graph that parsed, marked stale.
    replace_all(client, uri, WORKFLOW.replace("dependencies: [extract]", "dependencies: []"), 2)
    second = (await graph(client, uri))
    assert second["stale"] is False and second["dags"][0]["edges"] == []
    replace_all(client, uri, WORKFLOW + "    - task_id: [oops\n", 3)
    third = (await graph(client, uri))
    assert third["stale"] is True
    assert third["dags"][0]["edges"] == []  # the graph of version 2


async def test_graph_request_for_an_unknown_document(client: LanguageClient, tmp_path):
    answer = (await graph(client, (tmp_path / "never-opened.yml").as_uri()))
    assert answer["dags"] == [] and answer["known"] is False
