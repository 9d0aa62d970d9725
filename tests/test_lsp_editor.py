"""The editor while you type: quick fixes for every suggestion, "fix all of a rule", inlay hints
by kind, hovers and completions with documentation (on the workspace state, without a server
process; the server's wiring is covered by test_lsp_features.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lsprotocol import types

from wflint.engine import Project, lint_path
from wflint.lsp import actions, inlay
from wflint.lsp.settings import INLAY_KINDS, parse_settings
from wflint.lsp.workspace import WorkspaceState

EMPTY = "airflow.providers.standard.operators.empty.EmptyOperator"
GOLDEN = Path(__file__).parent / "golden"


def opened(tmp_path: Path, text: str, name: str = "etl.yml"):
    state = WorkspaceState()
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return state.open(path.as_uri(), text, 1)


def rng(line, character, end_line=None, end_character=None):
    return types.Range(types.Position(line, character),
                       types.Position(end_line if end_line is not None else line, end_character if end_character is not None else character))


# -- a fix for every suggestion -------------------------------------------------------------

SUGGESTS = re.compile(r"did you mean", re.I)


@pytest.mark.parametrize("fixture", sorted(p for p in GOLDEN.rglob("*.y*ml") if p.name not in ("defaults.yml", "defaults.yaml")),
                         ids=lambda p: str(p.relative_to(GOLDEN)))
def test_every_did_you_mean_carries_a_fix(fixture):
    result = lint_path(str(fixture), Project())
    missing = [f"{d.line}:{d.column} {d.code} {d.message}" for d in result.diagnostics
               if SUGGESTS.search(d.message) and d.fix is None]
    assert missing == []


def test_removed_template_variable_fix_writes_the_replacement(tmp_path):
    text = f"""etl:
  tasks:
    - task_id: a
      operator: airflow.providers.standard.operators.bash.BashOperator
      bash_command: "echo {{{{ execution_date }}}} {{{{ next_ds }}}}"
"""
    document = opened(tmp_path, text)
    fixes = [(d.code, d.fix.edits[0].new_text, d.fix.safe) for d in document.result.diagnostics if d.fix]
    assert fixes == [("WF403", "logical_date", False), ("WF403", "(data_interval_end | ds)", False)]


def test_quick_fix_for_an_unknown_key_and_fix_all_of_the_rule(tmp_path):
    text = f"etl:\n  schedul: '@daily'\n  tasks: []\nother:\n  schedul: '@hourly'\n  tags: analytics\n  tasks: []\n"
    document = opened(tmp_path, text)
    found = actions.code_actions(document, rng(1, 4), None)
    titles = [a.title for a in found]
    assert titles == ["Rename to `schedule`", "Ignore WF010 on this line", "Fix all WF010 problems in this file (2)"]
    assert found[0].kind == types.CodeActionKind.QuickFix and not found[0].is_preferred  # unsafe: not preferred
    fix_all = found[2]
    assert fix_all.kind == types.CodeActionKind.QuickFix
    edits = fix_all.edit.changes[document.uri]
    assert [(e.range.start.line, e.new_text) for e in edits] == [(1, "schedule"), (4, "schedule")]


def test_source_fix_all_still_applies_only_safe_fixes(tmp_path):
    text = "etl:\n  schedul: '@daily'\n  schedule_interval: '@hourly'\n  tasks: []\n"
    document = opened(tmp_path, text)
    [fix_all] = actions.code_actions(document, rng(0, 0), ["source.fixAll"])
    assert [e.new_text for e in fix_all.edit.changes[document.uri]] == ["schedule"]
    assert [e.range.start.line for e in fix_all.edit.changes[document.uri]] == [2]


def test_no_fix_all_for_a_single_problem(tmp_path):
    document = opened(tmp_path, "etl:\n  schedul: '@daily'\n  tasks: []\n")
    assert [a.title for a in actions.code_actions(document, rng(1, 4), None)] == [
        "Rename to `schedule`", "Ignore WF010 on this line"]


@pytest.mark.parametrize("value,expected", [
    ('catchup: "no"', "false"), ("catchup: 'True'", "true"), ("max_active_runs: '3'", "3"),
    ("tags: analytics", "[analytics]"), ('tags: "a b"', '["a b"]'),
])
def test_invalid_type_fix(tmp_path, value, expected):
    document = opened(tmp_path, f"etl:\n  {value}\n  tasks: []\n")
    [diagnostic] = [d for d in document.result.diagnostics if d.code == "WF011"]
    assert diagnostic.fix.edits[0].new_text == expected and not diagnostic.fix.safe


def test_duplicate_task_id_fix_picks_a_free_name(tmp_path):
    text = f"etl:\n  tasks:\n    - task_id: a\n      operator: {EMPTY}\n    - task_id: a_2\n      operator: {EMPTY}\n    - task_id: a\n      operator: {EMPTY}\n"
    document = opened(tmp_path, text)
    [diagnostic] = [d for d in document.result.diagnostics if d.code == "WF023"]
    assert diagnostic.fix.edits[0].new_text == "a_3"


# -- inlay hints -----------------------------------------------------------------------------

INHERITING = f"""etl:
  schedule: "0 6 * * *"
  default_args:
    owner: data
  tasks:
    - task_id: extract
      operator: {EMPTY}
    - task_id: load
      operator: {EMPTY}
      retries: 1
      dependencies: [extract]
"""


def hints(document, kinds=INLAY_KINDS):
    return inlay.inlay_hints(document, rng(0, 0, 100, 0), kinds)


def test_inherited_value_and_upstream_hints(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "defaults.yml").write_text("default_args:\n  retries: 3\n  owner: platform\n", encoding="utf-8")
    document = opened(tmp_path, INHERITING)
    shown = [(h.position.line, h.label) for h in hints(document)]
    assert shown == [
        (1, "At 06:00, every day"),
        (5, "retries: 3 · from defaults.yml"),  # `owner` is set by the DAG's own default_args
        (7, "1 upstream"),  # `load` sets retries itself: nothing inherited
    ]
    extract = next(h for h in hints(document) if h.position.line == 5)
    assert extract.position.character == len("    - task_id: extract")
    assert "defaults.yml:2" in extract.tooltip.value


def test_each_hint_kind_can_be_turned_off(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "defaults.yml").write_text("default_args:\n  retries: 3\n", encoding="utf-8")
    document = opened(tmp_path, INHERITING)
    assert [h.label for h in hints(document, {"upstreamCount"})] == ["1 upstream"]
    assert [h.label for h in hints(document, {"inheritedValues"})] == ["retries: 3 · from defaults.yml"]
    assert hints(document, frozenset()) == []


def test_inlay_settings():
    assert parse_settings({}).inlay_hints == frozenset(INLAY_KINDS)
    assert parse_settings({"inlayHints": False}).inlay_hints == frozenset()
    problems = []
    settings = parse_settings({"inlayHintKinds": {"upstreamCount": False, "bogus": True}}, problems)
    assert settings.inlay_hints == {"schedules", "inheritedValues"}
    assert problems and "bogus" in problems[0]


# -- docs where the cursor is ----------------------------------------------------------------

from wflint.lsp import completion, hover, navigation, symbols  # noqa: E402

S3 = "airflow.providers.amazon.aws.operators.s3.S3CreateObjectOperator"
DOCS = f"""etl:
  schedule: "@daily"
  description: Loads the day's files
  task_groups:
    - group_name: loaders
  tasks:
    - task_id: first
      operator: {EMPTY}
      trigger_rule: one_success
      weight_rule: absolute
      task_group_name: loaders
    - task_id: wait
      operator: airflow.providers.amazon.aws.sensors.s3.S3KeySensor
      bucket_key: s3://b/k
      mode: reschedule
    - task_id: put
      operator: {S3}
      s3_key: "s3://b/{{{{ execution_date }}}}"
      data: x
"""


def hover_text(document, line, character):
    offset = document.source.offset_at_lsp(line, character)
    found = hover.hover(document, offset, None)
    return found.contents.value if found is not None else None


def test_hover_on_enum_values(tmp_path):
    document = opened(tmp_path, DOCS)
    trigger = hover_text(document, 8, 22)
    assert trigger.startswith("**trigger_rule** `one_success`") and "without waiting" in trigger
    assert "`all_success`" in trigger  # the other values
    assert "own `priority_weight`" in hover_text(document, 9, 21)
    assert "frees its worker slot" in hover_text(document, 14, 14)


def test_hover_on_a_dag_name(tmp_path):
    document = opened(tmp_path, DOCS)
    text = hover_text(document, 0, 1)
    assert text.startswith("**DAG** `etl`")
    assert "Loads the day's files" in text and "schedule `@daily`" in text and "3 tasks" in text and "1 task group" in text


def test_hover_on_a_removed_template_variable(tmp_path):
    document = opened(tmp_path, DOCS)
    text = hover_text(document, 17, 30)
    assert text.startswith("**execution_date** was removed from the template context in Airflow 3")
    assert "logical_date" in text


def test_hover_on_an_operator_links_its_documentation(tmp_path):
    document = opened(tmp_path, DOCS)
    text = hover_text(document, 16, 60)
    assert ("[Documentation](https://airflow.apache.org/docs/apache-airflow-providers-amazon/stable/_api/"
            "airflow/providers/amazon/aws/operators/s3/index.html#" + S3 + ")") in text


def complete_at(document, line, character):
    offset = document.source.offset_at_lsp(line, character)
    return completion.complete(document, offset, snippets=False, config=None).items


def test_trigger_rule_completions_have_docs(tmp_path):
    text = f"etl:\n  tasks:\n    - task_id: a\n      operator: {EMPTY}\n      trigger_rule: \n"
    document = opened(tmp_path, text)
    items = {item.label: item for item in complete_at(document, 4, 20)}
    assert "none_failed_min_one_success" in items
    assert "at least one succeeded" in items["none_failed_min_one_success"].documentation.value


def test_decorator_not_offered_in_a_task_with_an_operator(tmp_path):
    text = f"etl:\n  tasks:\n    - task_id: a\n      operator: {EMPTY}\n      \n"
    document = opened(tmp_path, text)
    labels = [item.label for item in sorted(complete_at(document, 4, 6), key=lambda i: i.sort_text or i.label)]
    assert "decorator" not in labels
    assert labels and labels[0] != "decorator"


def test_definition_of_an_operator_opens_its_source_or_its_documentation(tmp_path, monkeypatch):
    document = opened(tmp_path, DOCS)
    offset = document.source.offset_at_lsp(16, 60)
    source_file = tmp_path / "s3.py"
    source_file.write_text("import x\n\n\nclass S3CreateObjectOperator(Base):\n    pass\n", encoding="utf-8")
    monkeypatch.setattr(navigation, "module_file", lambda module, interpreter: str(source_file) if module.endswith(".s3") else None)
    [location] = navigation.definition(document, offset, None)
    assert location.uri == source_file.as_uri()
    assert (location.range.start.line, location.range.start.character) == (3, 6)
    # Not installed: the documentation page is opened instead.
    opened_urls = []
    monkeypatch.setattr(navigation, "module_file", lambda module, interpreter: None)
    monkeypatch.setattr(navigation, "SOURCES", navigation.OperatorSources(open_external=opened_urls.append))
    assert navigation.definition(document, offset, None) == []
    assert opened_urls == [navigation.documentation_url(navigation.knowledge.operator_info(None, S3))]


def test_module_file_never_imports_and_handles_a_missing_interpreter(tmp_path):
    import sys

    assert navigation.module_file("json", sys.executable).endswith("json/__init__.py")
    assert navigation.module_file("email.mime.text", sys.executable).endswith("email/mime/text.py")
    assert navigation.module_file("json", str(tmp_path / "no-python")) is None
    assert navigation.module_file("no_such_module_x.y", sys.executable) is None


def test_outline_in_file_order(tmp_path):
    text = f"""etl:
  tasks:
    - task_id: first
      operator: {EMPTY}
    - task_id: grouped
      operator: {EMPTY}
      task_group_name: g
    - task_id: last
      operator: {EMPTY}
  task_groups:
    - group_name: g
"""
    document = opened(tmp_path, text)
    [dag] = symbols.document_symbols(document)
    assert [child.name for child in dag.children] == ["first", "last", "g"]
