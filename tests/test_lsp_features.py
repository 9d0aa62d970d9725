"""Hover, document symbols, code actions and inlay hints end to end."""

from __future__ import annotations

import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_fixtures.support import (  # noqa: F401  (client: a pytest fixture)
    client, CONFIG, doc, open_document, pos, published, rng, start,
)

WORKFLOW = """\
etl_dag:
  schedule: "30 6 * * 1-5"
  timezone: Europe/Paris
  default_args:
    retries: 2
  task_groups:
    - group_name: loaders
  tasks:
    - task_id: extract
      operator: airflow.providers.standard.operators.bash.BashOperator
      bash_command: "echo {{ ds }}"
      retries: 3
    - task_id: put
      operator: airflow.providers.amazon.aws.operators.s3.S3CreateObjectOperator
      task_group_name: loaders
      s3_key: s3://bucket/key
      data: hello  # wflint: ignore[WF302]
"""


async def opened(client, tmp_path, text=WORKFLOW, name="etl.yml"):
    uri = open_document(client, tmp_path / name, text)
    await published(client, uri, 1)
    return uri


async def hover_at(client, uri, line, character):
    return await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=pos(line, character)))


async def test_hover_schedule_explains_and_lists_next_runs_in_the_dag_timezone(client: LanguageClient, tmp_path):
    uri = await opened(client, tmp_path)
    found = await hover_at(client, uri, 1, 15)
    text = found.contents.value
    assert found.range == rng(1, 12, 1, 26)
    assert "06:30" in text and "Monday" in text and "Friday" in text
    assert "Next runs (Europe/Paris)" in text
    runs = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(runs) == 5 and all("06:30" in run for run in runs)
    assert not any(run.startswith(("- Sat", "- Sun")) for run in runs)


async def test_hover_operator_shows_summary_and_package(client: LanguageClient, tmp_path):
    uri = await opened(client, tmp_path)
    text = (await hover_at(client, uri, 13, 70)).contents.value
    assert "**S3CreateObjectOperator**" in text
    assert "Creates a new object" in text
    assert "apache-airflow-providers-amazon" in text


async def test_hover_argument_type_default_templated_and_inherited_value(client: LanguageClient, tmp_path):
    uri = await opened(client, tmp_path)
    found = await hover_at(client, uri, 11, 8)
    assert found.range == rng(11, 6, 11, 13)
    text = found.contents.value
    assert "`int | None`" in text and "default `0`" in text and "not templated" in text
    assert "Overrides `default_args.retries: 2` from etl.yml:5." in text
    text = (await hover_at(client, uri, 15, 8)).contents.value
    assert "templated (Jinja is rendered)" in text and "required" in text


async def test_hover_template_variable_and_rule_code(client: LanguageClient, tmp_path):
    uri = await opened(client, tmp_path)
    text = (await hover_at(client, uri, 10, 30)).contents.value
    assert text.startswith("**ds** (template variable)")
    found = await hover_at(client, uri, 16, 38)
    assert found.range == rng(16, 36, 16, 41)
    assert "WF302" in found.contents.value


async def test_document_symbols_nest_groups_and_tasks(client: LanguageClient, tmp_path):
    uri = await opened(client, tmp_path)
    [dag] = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc(uri)))
    assert dag.name == "etl_dag" and dag.kind == types.SymbolKind.Module
    assert dag.range == rng(0, 0, 16, 42) and dag.selection_range == rng(0, 0, 0, 7)
    assert [(c.name, c.kind) for c in dag.children] == [("loaders", types.SymbolKind.Namespace), ("extract", types.SymbolKind.Function)]
    loaders, extract = dag.children
    assert [c.name for c in loaders.children] == ["put"]
    assert extract.selection_range == rng(8, 15, 8, 22)
    assert extract.range == rng(8, 6, 11, 16)
    assert extract.detail == "BashOperator"


async def test_code_action_applies_a_fix_and_offers_ignore(client: LanguageClient, tmp_path):
    text = "etl:\n  schedule_interval: '@daily'\n  tasks: []\n"
    uri = await opened(client, tmp_path, text)
    diagnostics = client.diagnostics[uri]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(text_document=doc(uri), range=rng(1, 4, 1, 4),
                               context=types.CodeActionContext(diagnostics=list(diagnostics)))
    )
    titles = [a.title for a in actions]
    assert titles[:2] == ["Rename `schedule_interval` to `schedule`", "Ignore WF024 on this line"]
    fix = actions[0]
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
    assert fix.diagnostics[0].code == "WF024"
    [edit] = fix.edit.changes[uri]
    assert edit.range == rng(1, 2, 1, 19) and edit.new_text == "schedule"
    [ignore] = actions[1].edit.changes[uri]
    assert ignore.range == rng(1, 29, 1, 29) and ignore.new_text == "  # wflint: ignore[WF024]"
    # Apply the fix as the editor would: the diagnostic goes away.
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text)],
    ))
    assert [d.code for d in await published(client, uri, 2)] == []


async def _ignore_wf024_edit(client: LanguageClient, tmp_path, text: str):
    """The single edit of the "Ignore WF024 on this line" action on line 2 of `text`."""
    uri = await opened(client, tmp_path, text)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(text_document=doc(uri), range=rng(1, 4, 1, 4), context=types.CodeActionContext(diagnostics=[]))
    )
    ignore = next(a for a in actions if a.title == "Ignore WF024 on this line")
    [edit] = ignore.edit.changes[uri]
    return edit


async def test_ignore_extends_an_existing_suppression(client: LanguageClient, tmp_path):
    text = "etl:\n  schedule_interval: '@daily'  # wflint: ignore[WF999]\n  tasks: []\n"
    edit = await _ignore_wf024_edit(client, tmp_path, text)
    assert edit.range == rng(1, 53, 1, 53) and edit.new_text == ", WF024"


async def test_ignore_never_extends_a_look_alike_inside_a_string(client: LanguageClient, tmp_path):
    text = "etl:\n  schedule_interval: '@daily # wflint: ignore[WF101]'\n  tasks: []\n"
    edit = await _ignore_wf024_edit(client, tmp_path, text)
    assert edit.range == rng(1, 53, 1, 53) and edit.new_text == "  # wflint: ignore[WF024]"


async def test_fix_all(client: LanguageClient, tmp_path):
    text = "a:\n  schedule_interval: '@daily'\n  tasks: []\nb:\n  schedule_interval: '@hourly'\n  tasks: []\n"
    uri = await opened(client, tmp_path, text)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(text_document=doc(uri), range=rng(0, 0, 0, 0),
                               context=types.CodeActionContext(diagnostics=[], only=["source.fixAll"]))
    )
    [fix_all] = actions
    assert fix_all.kind == "source.fixAll.wflint"
    assert [(e.range, e.new_text) for e in fix_all.edit.changes[uri]] == [
        (rng(1, 2, 1, 19), "schedule"), (rng(4, 2, 4, 19), "schedule")
    ]


async def test_inlay_hint_after_cron(client: LanguageClient, tmp_path):
    uri = await opened(client, tmp_path)
    hints = await client.text_document_inlay_hint_async(
        types.InlayHintParams(text_document=doc(uri), range=rng(0, 0, 20, 0))
    )
    [hint] = hints
    assert hint.position == pos(1, 26)
    assert "06:30" in hint.label and "Monday" in hint.label


@pytest_lsp.fixture(config=CONFIG)
async def no_hints_client(lsp_client: LanguageClient):
    await start(lsp_client, options={"inlayHints": False})
    yield
    await lsp_client.shutdown_session()


async def test_inlay_hints_can_be_turned_off(no_hints_client: LanguageClient, tmp_path):
    uri = await opened(no_hints_client, tmp_path)
    hints = await no_hints_client.text_document_inlay_hint_async(
        types.InlayHintParams(text_document=doc(uri), range=rng(0, 0, 20, 0))
    )
    assert list(hints or []) == []


async def test_hover_names_where_inherited_values_come_from(client: LanguageClient, tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "defaults.yml").write_text("schedule: '@hourly'\ndefault_args:\n  owner: data\n  retries: 4\n", encoding="utf-8")
    text = ("etl:\n  schedule: '@daily'\n  default_args:\n    retries: 1\n  tasks:\n    - task_id: a\n"
            "      operator: airflow.providers.standard.operators.empty.EmptyOperator\n")
    uri = await opened(client, tmp_path, text)
    assert (await hover_at(client, uri, 1, 4)).contents.value.endswith("Overrides `@hourly` from defaults.yml:1.")
    assert (await hover_at(client, uri, 3, 6)).contents.value.endswith("Overrides `4` from defaults.yml:4.")
    task = (await hover_at(client, uri, 5, 16)).contents.value
    assert task.endswith("From `default_args`:\n- `retries: 1` (etl.yml:4)\n- `owner: data` (defaults.yml:3)")


async def test_code_action_found_from_diagnostic_data(client: LanguageClient, tmp_path):
    text = "etl:\n  schedule_interval: '@daily'\n  tasks: []\n"
    uri = await opened(client, tmp_path, text)
    diagnostics = list(client.diagnostics[uri])
    # A range elsewhere in the file, but the client passes the diagnostic (with its data).
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(text_document=doc(uri), range=rng(2, 0, 2, 0),
                               context=types.CodeActionContext(diagnostics=diagnostics, only=["quickfix"]))
    )
    assert [a.title for a in actions] == ["Rename `schedule_interval` to `schedule`", "Ignore WF024 on this line"]
