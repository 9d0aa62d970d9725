"""Completion end to end, mostly in half-typed documents that are not valid YAML."""

from __future__ import annotations

import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_fixtures.support import (  # noqa: F401  (client: a pytest fixture)
    client, CONFIG, open_document, pos, published, replace_all, rng, start, vscode_capabilities,
)

S3_CREATE = "airflow.providers.amazon.aws.operators.s3.S3CreateObjectOperator"
BASE = f"""\
etl_dag:
  schedule: "@daily"
  params:
    env: prod
  task_groups:
    - group_name: loaders
  tasks:
    - task_id: extract
      operator: airflow.providers.standard.operators.bash.BashOperator
      bash_command: echo hi
    - task_id: put
      operator: {S3_CREATE}
"""


async def complete(client: LanguageClient, tmp_path, text: str, marker: str = "|"):
    """Open BASE (valid), then type `text` (with the cursor at `marker`) and complete there."""
    path = tmp_path / "etl.yml"
    uri = open_document(client, path, BASE)
    await published(client, uri, 1)  # the last good model now knows the tasks
    offset = text.index(marker)
    before = text[:offset]
    line, character = before.count("\n"), len(before.rsplit("\n", 1)[-1])
    replace_all(client, uri, text.replace(marker, "", 1), 2)
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos(line, character))
    )
    return result.items, line, character


async def test_operator_arguments_in_half_typed_document(client: LanguageClient, tmp_path):
    # The line being typed, with broken YAML below it.
    text = BASE + "      s3_b|\n      dependencies: [extract\n  broken: {\n"
    items, line, character = await complete(client, tmp_path, text)
    by_label = {item.label: item for item in items}
    bucket = by_label["s3_bucket"]
    assert bucket.kind == types.CompletionItemKind.Field
    assert bucket.detail == "str | None"
    assert bucket.insert_text_format == types.InsertTextFormat.Snippet
    assert bucket.text_edit.new_text == "s3_bucket: $0"
    assert bucket.text_edit.range == rng(line, 6, line, character)
    assert "Name of the S3 bucket where to save the object" in bucket.documentation.value
    assert "templated" in bucket.documentation.value
    assert by_label["s3_key"].detail == "str (required)"
    # Keys already present are not offered; schema task keys are.
    assert "operator" not in by_label and "task_id" not in by_label
    assert "trigger_rule" in by_label


async def test_operator_paths_match_the_class_name(client: LanguageClient, tmp_path):
    text = BASE + "    - task_id: new\n      operator: S3CreateOb|\n"
    items, line, character = await complete(client, tmp_path, text)
    [item] = [i for i in items if i.label == "S3CreateObjectOperator"]
    assert item.filter_text == "S3CreateObjectOperator"
    assert item.text_edit.new_text == S3_CREATE
    assert item.text_edit.range == rng(line, 16, line, character)
    assert "Creates a new object" in item.documentation.value
    assert "apache-airflow-providers-amazon" in item.documentation.value


async def test_dependencies_offer_other_tasks_and_groups(client: LanguageClient, tmp_path):
    text = BASE + "      dependencies:\n        - |\n      retries: [\n"
    items, _, _ = await complete(client, tmp_path, text)
    assert [(i.label, i.detail) for i in items] == [("extract", "task"), ("loaders", "task group")]
    text = BASE + "      dependencies: [extract, |\n"
    items, _, _ = await complete(client, tmp_path, text)
    assert {i.label for i in items} == {"extract", "loaders"}


async def test_group_name_values(client: LanguageClient, tmp_path):
    items, _, _ = await complete(client, tmp_path, BASE + "      task_group_name: |\n")
    assert [i.label for i in items] == ["loaders"]


async def test_enum_values_from_airflow_facts(client: LanguageClient, tmp_path):
    items, _, _ = await complete(client, tmp_path, BASE + "      trigger_rule: |\n")
    labels = [i.label for i in items]
    assert "all_success" in labels and "none_failed_min_one_success" in labels
    items, _, _ = await complete(client, tmp_path, BASE + "      replace: |\n")
    assert [i.label for i in items] == ["true", "false"]


async def test_dag_keys_with_docs(client: LanguageClient, tmp_path):
    text = BASE.replace("  params:", "  cat|\n  params:")
    items, line, _ = await complete(client, tmp_path, text)
    by_label = {i.label: i for i in items}
    assert "catchup" in by_label and "schedule" not in by_label and "schedule_interval" not in by_label
    assert by_label["catchup"].text_edit.new_text == "catchup: $0"
    assert by_label["catchup"].text_edit.range == rng(line, 2, line, 5)
    assert by_label["catchup"].documentation.value


async def test_schedule_presets(client: LanguageClient, tmp_path):
    items, _, _ = await complete(client, tmp_path, BASE.replace('"@daily"', "@da|"))
    daily = next(i for i in items if i.label == "@daily")
    assert "00:00" in daily.detail and "every day" in daily.detail


async def test_template_variables_macros_and_params(client: LanguageClient, tmp_path):
    items, _, _ = await complete(client, tmp_path, BASE + '      data: "{{ macros.ds_|')
    assert "ds_add" in {i.label for i in items}
    items, _, _ = await complete(client, tmp_path, BASE + '      data: "{{ params.|')
    assert [i.label for i in items] == ["env"]
    items, _, _ = await complete(client, tmp_path, BASE + '      data: "{{ logi|')
    labels = {i.label for i in items}
    assert {"logical_date", "ds", "macros", "params"} <= labels


async def test_no_completion_in_comments(client: LanguageClient, tmp_path):
    items, _, _ = await complete(client, tmp_path, BASE + "      # s3_b|\n")
    assert list(items) == []


async def test_default_args_offer_base_operator_arguments(client: LanguageClient, tmp_path):
    text = BASE.replace("  params:", "  default_args:\n    retries: 1\n    own|\n  params:")
    items, _, _ = await complete(client, tmp_path, text)
    by_label = {i.label: i for i in items}
    assert "owner" in by_label and "retries" not in by_label and "task_id" not in by_label
    assert by_label["owner"].kind == types.CompletionItemKind.Field


async def test_dict_form_task_and_task_group_keys(client: LanguageClient, tmp_path):
    text = BASE + "  other_dag:\n    tasks:\n      wait:\n        operator: airflow.providers.standard.sensors.time_delta.TimeDeltaSensor\n        mode: |\n"
    items, _, _ = await complete(client, tmp_path, text)
    assert [i.label for i in items] == ["poke", "reschedule"]
    text = BASE.replace("    - group_name: loaders\n", "    - group_name: loaders\n      tool|\n")
    items, _, _ = await complete(client, tmp_path, text)
    labels = {i.label for i in items}
    assert {"tooltip", "parent_group_name", "prefix_group_id"} <= labels and "group_name" not in labels


async def test_completion_in_defaults_yml(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "defaults.yml", "default_args:\n  owner: data\ncat")
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos(2, 3))
    )
    assert "catchup" in {i.label for i in result.items}


async def test_completion_on_an_untitled_document(client: LanguageClient):
    uri = "untitled:Untitled-1"
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text="etl:\n  tasks:\n    - task_id: a\n      trig")))
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos(3, 10))
    )
    assert "trigger_rule" in {i.label for i in result.items}


async def test_long_name_lists_are_capped_and_incomplete(client: LanguageClient, tmp_path):
    many = "".join(f"    - task_id: t{n}\n      operator: airflow.providers.standard.operators.empty.EmptyOperator\n" for n in range(300))
    text = "big:\n  tasks:\n" + many + "    - task_id: last\n      dependencies: [t29|\n"
    offset = text.index("|")
    line = text[:offset].count("\n")
    uri = open_document(client, tmp_path / "big.yml", text.replace("|", ""))
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=pos(line, len(text[:offset].rsplit("\n", 1)[-1]))))
    assert not result.is_incomplete
    assert [i.label for i in result.items] == ["t29", "t290", "t291", "t292", "t293", "t294", "t295", "t296", "t297", "t298", "t299"]
    uri2 = open_document(client, tmp_path / "big2.yml", text.replace("t29|", "|").replace("|", ""))
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri2), position=pos(line, len(text[:offset].rsplit("\n", 1)[-1]) - 3)))
    assert result.is_incomplete and len(result.items) == 100


async def test_xcom_pull_task_ids(client: LanguageClient, tmp_path):
    items, _, _ = await complete(client, tmp_path, BASE + "      data: \"{{ ti.xcom_pull(task_ids='ex|\n")
    assert [i.label for i in items] == ["extract"]
    items, _, _ = await complete(client, tmp_path, BASE + "      data: \"{{ ti.xcom_pull('|\n")
    assert [i.label for i in items] == ["extract"]


async def test_new_task_item_starts_with_id_and_operator(client: LanguageClient, tmp_path):
    items, _, _ = await complete(client, tmp_path, BASE + "    - |\n")
    ordered = sorted(items, key=lambda item: item.sort_text)
    assert [item.label for item in ordered[:3]] == ["operator", "task_id", "decorator"]


@pytest_lsp.fixture(config=CONFIG)
async def plain_client(lsp_client: LanguageClient):
    capabilities = vscode_capabilities()
    capabilities.text_document.completion.completion_item.snippet_support = False
    await start(lsp_client, capabilities=capabilities)
    yield
    await lsp_client.shutdown_session()


async def test_plain_text_inserts_without_snippet_support(plain_client: LanguageClient, tmp_path):
    items, _, _ = await complete(plain_client, tmp_path, BASE + "      s3_b|\n")
    bucket = next(item for item in items if item.label == "s3_bucket")
    assert bucket.insert_text_format == types.InsertTextFormat.PlainText
    assert bucket.text_edit.new_text == "s3_bucket: "
