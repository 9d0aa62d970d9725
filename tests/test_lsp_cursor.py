"""The text-only cursor analysis behind completion (in process: many shapes, fast)."""

from __future__ import annotations

import pytest

from wflint.lsp.cursor import cursor_context, section_of, text_names
from wflint.yaml.source import SourceText


def context(text: str):
    offset = text.index("|")
    return cursor_context(SourceText(text.replace("|", "", 1)), offset)


@pytest.mark.parametrize(
    "text, path, mode, key, word",
    [
        ("etl:\n  tasks:\n    - task_id: a\n      oper|\n  broken: [\n", ["etl", "tasks", "-"], "key", None, "oper"),
        ("etl:\n  tasks:\n  - task_id: a\n    dependencies:\n    - b|\n", ["etl", "tasks", "-", "dependencies"], "item", "dependencies", "b"),
        ("etl:\n  tasks:\n    a:\n      trigger_rule: al|\n", ["etl", "tasks", "a"], "value", "trigger_rule", "al"),
        ("etl:\n  tasks:\n    - task_id: a\n    - ta|\n", ["etl", "tasks", "-"], "key", None, "ta"),
        ("etl:\n  tasks:\n    - task_id: a\n      dependencies: [b, c|\n", ["etl", "tasks", "-"], "value", "dependencies", "c"),
        ("etl:\n  sched|\n  tasks: []\n", ["etl"], "key", None, "sched"),
        ("|", [], "key", None, ""),
        ("etl:\n  default_args:\n    # comment\n\n    ret|", ["etl", "default_args"], "key", None, "ret"),
        ("etl:\r\n  tasks:\r\n    - task_id: a\r\n      op|\r\n", ["etl", "tasks", "-"], "key", None, "op"),
        ("etl:\n  task_groups:\n    - group_name: g\n      parent_group_name: |\n", ["etl", "task_groups", "-"], "value", "parent_group_name", ""),
    ],
)
def test_structure_from_indentation(text, path, mode, key, word):
    found = context(text)
    assert (found.path, found.mode, found.key, found.word) == (path, mode, key, word)


def test_siblings_above_and_below_and_enclosing_keys():
    found = context("etl:\n  tasks:\n    - task_id: put\n      operator: 'x.Y'  # c\n      s3|\n      data: 1\n    - task_id: next\n")
    assert found.siblings == {"task_id": "put", "operator": "x.Y", "data": "1"}
    found = context("etl:\n  tasks:\n    - task_id: put\n      dependencies:\n        - |\n")
    assert found.enclosing[0]["dependencies"] == ""
    assert found.enclosing[0]["task_id"] == "put"


def test_template_and_comment_modes():
    found = context('etl:\n  tasks:\n    - task_id: a\n      cmd: "{{ macros.ds_|')
    assert (found.mode, found.template, found.word) == ("template", " macros.ds_", "ds_")
    assert context("etl:\n  # sched|\n").mode == "none"
    assert context("etl:\n  description: 'a # b' |").mode == "value"


@pytest.mark.parametrize(
    "path, kind, section",
    [
        ([], "workflow", "root"), (["etl"], "workflow", "dag"), (["etl", "default_args"], "workflow", "default_args"),
        (["etl", "tasks", "-"], "workflow", "task"), (["etl", "tasks", "extract"], "workflow", "task"),
        (["etl", "task_groups", "-"], "workflow", "task_group"), ([], "defaults", "dag"),
        (["default_args"], "defaults", "default_args"), (["etl", "tasks", "-", "params"], "workflow", None),
    ],
)
def test_sections(path, kind, section):
    assert section_of(path, kind) == section


def test_text_names_stay_in_their_dag():
    source = SourceText("a:\n  tasks:\n    - task_id: one  # c\n    - task_id: 'two'\nb:\n  tasks:\n    - task_id: three\n")
    assert text_names(source, "a", "task_id") == ["one", "two"]
    assert text_names(source, "b", "task_id") == ["three"]
    assert text_names(source, "c", "task_id") == []
