"""The output formats of `wflint check`, byte for byte: summaries, snippets and carets under
wide characters, control characters made visible, SARIF URIs."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from wflint.cli import main

EMPTY = "airflow.providers.standard.operators.empty.EmptyOperator"

CLEAN = f"""\
etl:
  schedule: "@daily"
  tasks:
    - task_id: extract
      operator: {EMPTY}
"""

ONE_ERROR = CLEAN.replace('  schedule: "@daily"', '  schedule_interval: "@daily"')
ERROR_AND_WARNING = ONE_ERROR.replace("  tasks:", "  schedul: x\n  tasks:")


def run(capsys, *args):
    code = main(["check", "--no-cache", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / ".git").mkdir()  # bounds the defaults.yml search, like a real repository
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- summary line ----------------------------------------------------------------------------


def test_summary_of_one_clean_file_is_singular(project, capsys):
    Path("dag.yml").write_text(CLEAN)
    assert run(capsys, "dag.yml")[1] == "All checks passed (1 file).\n"


def test_summary_of_several_and_of_no_files_is_plural(project, capsys):
    Path("a.yml").write_text(CLEAN)
    Path("b.yml").write_text(CLEAN.replace("etl:", "etl2:"))
    assert run(capsys, ".")[1] == "All checks passed (2 files).\n"
    Path("a.yml").unlink()
    Path("b.yml").unlink()
    assert run(capsys, ".")[1] == "All checks passed (0 files).\n"


def test_summary_of_one_problem_in_one_file_is_singular(project, capsys):
    Path("dag.yml").write_text(ONE_ERROR)
    code, out, _ = run(capsys, "--no-source", "dag.yml")
    assert code == 1
    assert out.splitlines()[-1] == "Found 1 problem (1 error) in 1 file. 1 fixable with `wflint check --fix`."


def test_summary_of_problems_in_several_files_is_plural(project, capsys):
    Path("a.yml").write_text(ERROR_AND_WARNING)
    Path("b.yml").write_text(ERROR_AND_WARNING.replace("etl:", "etl2:"))
    out = run(capsys, "--no-source", ".")[1]
    assert out.splitlines()[-1] == "Found 4 problems (2 errors, 2 warnings) in 2 files. 2 fixable with `wflint check --fix`."


# -- SARIF URIs ------------------------------------------------------------------------------

# A file with a related location (the duplicate task id's first definition) and a fix.
SARIF_CASE = f"""\
etl:
  schedule_interval: "@daily"
  tasks:
    - task_id: extract
      operator: {EMPTY}
    - task_id: extract
      operator: {EMPTY}
"""

# RFC 3986: only unreserved, reserved and percent-encoded characters.
URI_REFERENCE_CHARS = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-F]{2})*")


def artifact_locations(node):
    """Every artifactLocation in a SARIF document, wherever it is."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "artifactLocation":
                yield value
            else:
                yield from artifact_locations(value)
    elif isinstance(node, list):
        for value in node:
            yield from artifact_locations(value)


def sarif(capsys, *args):
    code, out, _ = run(capsys, "--format", "sarif", *args)
    assert code == 1
    return json.loads(out)


def test_sarif_uris_are_percent_encoded_relative_references(project, capsys):
    Path("sp ace").mkdir()
    Path("sp ace/a b#1%.yml").write_text(SARIF_CASE)
    document = sarif(capsys, "sp ace")
    run_ = document["runs"][0]
    assert run_["originalUriBaseIds"] == {"%SRCROOT%": {"uri": project.resolve().as_uri() + "/"}}
    result = next(r for r in run_["results"] if r["ruleId"] == "WF024")
    assert "fixes" in result
    duplicate = next(r for r in run_["results"] if "relatedLocations" in r)
    assert duplicate["relatedLocations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "sp%20ace/a%20b%231%25.yml", "uriBaseId": "%SRCROOT%",
    }
    locations = list(artifact_locations(document))
    assert len(locations) == len(run_["results"]) + 2  # one each, the related location, the fix
    assert all(location == {"uri": "sp%20ace/a%20b%231%25.yml", "uriBaseId": "%SRCROOT%"} for location in locations)


def test_sarif_uri_of_a_file_outside_the_working_directory_is_an_absolute_file_uri(project, capsys, monkeypatch):
    Path("sp ace").mkdir()
    Path("sp ace/a b#1%.yml").write_text(SARIF_CASE)
    Path("elsewhere").mkdir()
    monkeypatch.chdir("elsewhere")
    document = sarif(capsys, "../sp ace/a b#1%.yml")
    expected = {"uri": project.resolve().as_uri() + "/sp%20ace/a%20b%231%25.yml"}  # no uriBaseId
    assert expected["uri"].startswith("file:///")
    locations = list(artifact_locations(document))
    assert locations and all(location == expected for location in locations)
    assert document["runs"][0]["originalUriBaseIds"] == {"%SRCROOT%": {"uri": (project / "elsewhere").resolve().as_uri() + "/"}}


@pytest.mark.parametrize(("name", "uri"), [
    ("dag.yml", "dag.yml"),
    ("..dag.yml", "..dag.yml"),  # below the working directory, though it starts with `..`
    ("c:dag.yml", "c%3Adag.yml"),  # would read as the scheme `c:`
    ("q?x=1&y;z.yml", "q%3Fx%3D1%26y%3Bz.yml"),
    ("données/タスク 1.yml", "donn%C3%A9es/%E3%82%BF%E3%82%B9%E3%82%AF%201.yml"),
    ("a\\b.yml" if os.sep == "/" else "a b.yml", "a%5Cb.yml" if os.sep == "/" else "a%20b.yml"),
])
def test_sarif_artifact_location_encodes_every_reserved_character(project, name, uri):
    from wflint.output.sarif import artifact_location

    assert artifact_location(name) == {"uri": uri, "uriBaseId": "%SRCROOT%"}
    assert URI_REFERENCE_CHARS.fullmatch(uri)


@pytest.mark.skipif(os.name != "posix", reason="file names are bytes on POSIX only")
def test_sarif_uri_of_a_file_name_that_is_not_utf8_keeps_its_bytes(project, capsys):
    name = os.fsdecode(b"caf\xe9.yml")
    Path(name).write_text(SARIF_CASE)
    locations = list(artifact_locations(sarif(capsys, name)))
    assert locations and all(location == {"uri": "caf%E9.yml", "uriBaseId": "%SRCROOT%"} for location in locations)


def test_sarif_base_uri_of_the_root_folder_has_one_slash(monkeypatch):
    from wflint.output.sarif import _srcroot

    root = Path(Path.cwd().anchor)
    monkeypatch.chdir(root)
    assert _srcroot() == root.as_uri()  # `file:///` on POSIX, `file:///C:/` on Windows
    assert _srcroot().endswith("/") and not _srcroot().endswith(":////")


# -- snippets: the caret row counts terminal cells -------------------------------------------

WIDE = f"""\
etl:
  schedule: "@daily"
  tasks:
    - task_id: "データ"
      operator: {EMPTY}
    - task_id: "🚀タスク😀"
      operator: {EMPTY}
      dependencies: ["😀", "タスク"]
"""


def test_caret_under_wide_characters_counts_two_cells_each(project, capsys):
    Path("wide.yml").write_text(WIDE, encoding="utf-8")
    code, out, _ = run(capsys, "-q", "wide.yml")
    assert code == 1
    assert out == (
        "wide.yml:6:16: WF021 task id `🚀タスク😀` contains '😀', '🚀'; only letters, digits, `_`, `.` and `-` are allowed [invalid-id]\n"
        '   6 |     - task_id: "🚀タスク😀"\n'
        "     |                ^^^^^^^^^^^^\n"  # 12 cells: the quotes, two emoji and three katakana
        "wide.yml:8:22: WF201 `🚀タスク😀` depends on `😀`, which is no task or task group of DAG `etl` [unknown-dependency]\n"
        '   8 |       dependencies: ["😀", "タスク"]\n'
        "     |                      ^^^^\n"
        "wide.yml:8:27: WF201 `🚀タスク😀` depends on `タスク`, which is no task or task group of DAG `etl`"
        " (did you mean `🚀タスク😀`?) [unknown-dependency]\n"
        '   8 |       dependencies: ["😀", "タスク"]\n'
        "     |                            ^^^^^^^^\n"
    )


def test_caret_after_combining_marks_fullwidth_letters_and_tabs(project, capsys):
    # `é` as e + COMBINING ACUTE ACCENT (0 cells), fullwidth `ＡＢ` (2 each), a Devanagari
    # conjunct with a virama (0), and a tab, which stays a tab in the padding.
    Path("mixed.yml").write_text(
        f'etl:\n  schedule: "@daily"\n  tasks:\n    - task_id: "cafe\u0301 ＡＢ"\n      operator: {EMPTY}\n'
        "      dependencies: [\u0915\u094d\u0937,\tnope]\n", encoding="utf-8")
    out = run(capsys, "-q", "mixed.yml")[1]
    lines = out.splitlines()
    assert lines[1:3] == ['   4 |     - task_id: "cafe\u0301 ＡＢ"', "     |                ^^^^^^^^^^^"]
    assert lines[4:6] == ["   6 |       dependencies: [\u0915\u094d\u0937,\tnope]", "     |                      ^^"]
    assert lines[6].startswith("mixed.yml:6:27: WF201 ")  # the column still counts code points
    assert lines[8] == "     |                         \t^^^^"


def test_caret_columns_in_the_headline_stay_code_points(project, capsys):
    Path("wide.yml").write_text(WIDE, encoding="utf-8")
    data = json.loads(run(capsys, "--format", "json", "wide.yml")[1])
    assert [(d["line"], d["column"], d["end_column"]) for d in data["diagnostics"]] == [(6, 16, 23), (8, 22, 25), (8, 27, 32)]


@pytest.mark.parametrize(("text", "cells"), [
    ("task_id", 7),
    ("データ", 6),          # East Asian Wide
    ("ＡＢ", 4),            # Fullwidth
    ("\u3000", 2),          # IDEOGRAPHIC SPACE
    ("😀🚀", 4),            # emoji with East Asian Wide
    ("e\u0301", 1),         # combining mark
    ("a\u200bb", 2),        # ZERO WIDTH SPACE
    ("👩\u200d💻", 4),      # ZERO WIDTH JOINER: each emoji counted, as terminals without ZWJ shaping do
    ("\u2764\ufe0f", 1),    # VARIATION SELECTOR-16 takes no cell of its own
    ("soft\u00adhyphen", 11),
    ("\u1100\u1161\u11a8", 2),  # a Hangul syllable from conjoining jamo
    ("a\tb", 3),            # a tab counts one caret
    ("\ufffd", 1),          # REPLACEMENT CHARACTER (East Asian Ambiguous: narrow)
])
def test_text_width(text, cells):
    from wflint.output.terminal import text_width

    assert text_width(text) == cells
