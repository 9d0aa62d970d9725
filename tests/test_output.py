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
    assert out.splitlines()[-1] == "Found 4 problems (2 errors, 2 warnings) in 2 files. 2 fixable with `wflint check --fix` (2 more with `--unsafe-fixes`)."


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
    assert len(locations) == len(run_["results"]) + 3  # one each, the related location, the two fixes (WF023 has an editor fix too)
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
        '      dependencies: ["\u0915\u094d\u0937\t", nope]\n', encoding="utf-8")
    out = run(capsys, "-q", "mixed.yml")[1]
    lines = out.splitlines()
    assert lines[1:3] == ['   4 |     - task_id: "cafe\u0301 ＡＢ"', "     |                ^^^^^^^^^^^"]
    # (The tab is inside quotes: PyYAML, unlike libyaml, rejects one between flow items.)
    assert lines[4:6] == ['   6 |       dependencies: ["\u0915\u094d\u0937\t", nope]', "     |                      ^^^^^"]
    assert lines[6].startswith("mixed.yml:6:30: WF201 ")  # the column still counts code points
    assert lines[8] == "     |                         \t   ^^^^"


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


# -- control characters: never sent to the terminal -----------------------------------------

ESCAPED_VALUES = f"""\
etl:
  schedule: "@daily"
  tasks:
    - task_id: "a\\e[31mb\\0c"
      operator: {EMPTY}
      dependencies: ["\\x1b[1mzz\\u0085"]
"""

RAW_CONTROL = "[\x00-\x08\x0a-\x1f\x7f-\x9f]"


def assert_no_raw_control_characters(out: str) -> None:
    assert not re.search(RAW_CONTROL, out.replace("\n", "")), repr(out)


def test_bidirectional_controls_are_shown_escaped_so_a_snippet_reads_as_the_file(project, capsys):
    # "Trojan Source": a right-to-left override would make the shown line read differently.
    Path("bidi.yml").write_text('etl:\n  schedule: "@daily"\n  tasks: []\n  descripton: "admin\u202e \u2066// x\u2069"\n')
    code, out, _ = run(capsys, "bidi.yml")
    assert '   4 |   descripton: "admin\\u202e \\u2066// x\\u2069"\n' in out
    assert "\u202e" not in out and "\u2066" not in out
    assert out.splitlines()[2] == "     |   ^^^^^^^^^^"


def test_control_characters_in_a_snippet_are_shown_as_control_pictures(project, capsys):
    # ESC, SOH and DEL (C0 and DEL: Unicode control pictures) and NEL (C1: `\x85`).
    Path("raw.yml").write_bytes(b'etl:\n  description: "\x1b[31mred\x01\x7f\xc2\x85"\n')
    code, out, _ = run(capsys, "raw.yml")
    assert code == 1
    assert out == (
        "raw.yml:2:17: WF001 character U+001B cannot appear in YAML (control characters are not allowed); inside double"
        " quotes write it as \\x1b [yaml-syntax-error]\n"
        '   2 |   description: "␛[31mred␁␡\\x85"\n'
        "     |                 ^\n"
        "Found 1 problem (1 error) in 1 file.\n"
    )


def test_caret_after_control_characters_lines_up_with_their_stand_ins(project, capsys):
    # SOH (one cell: ␁), NEL (four: \x85), then a tab kept as a tab, then the bad byte.
    Path("latin1.yml").write_bytes(b'etl:\n  description: "\x01\xc2\x85\tcaf\xe9"\n')
    out = run(capsys, "-q", "latin1.yml")[1]
    assert out.splitlines()[1:] == [
        '   2 |   description: "␁\\x85\tcaf\ufffd"',
        "     |                      \t   ^",
    ]


def test_a_snippet_spanning_a_c1_control_is_underlined_in_full(project, capsys):
    Path("nel.yml").write_bytes(
        f'etl:\n  schedule: "@daily"\n  tasks:\n    - {{task_id: "x\u0085y", operator: {EMPTY}, dependencies: [nope]}}\n'.encode())
    lines = run(capsys, "-q", "nel.yml")[1].splitlines()
    assert lines[1] == f'   4 |     - {{task_id: "x\\x85y", operator: {EMPTY}, dependencies: [nope]}}'
    assert lines[2] == "     |                 ^^^^^^^^"
    assert lines[5] == "     |" + " " * (len(lines[4]) - len("     |") - len("nope]}")) + "^^^^"


def test_utf16_and_binary_files_print_no_nul_or_binary(project, capsys):
    Path("utf16.yml").write_bytes("etl:\n  schedule: x\n".encode("utf-16-le").join([b"\xff\xfe", b""]))
    Path("binary.yml").write_bytes(b'etl:\n  schedule: "@daily"\n' + bytes(range(256)))
    out = run(capsys, "utf16.yml", "binary.yml")[1]
    assert_no_raw_control_characters(out)
    lines = out.splitlines()
    assert lines[0] == "binary.yml:5:115: WF004 byte 0x80 at byte offset 154 is not valid UTF-8; DAG Factory reads workflow files as UTF-8 [unreadable-file]"
    shown = (
        "␎␏␐␑␒␓␔␕␖␗␘␙␚␛␜␝␞␟ !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
        "abcdefghijklmnopqrstuvwxyz{|}~␡" + "\ufffd" * 128
    )
    # The 242-character line is cut to 160 around the column, 60 before it (issue 19).
    assert lines[1] == "   5 | \u2026" + shown[54:214] + "\u2026"
    assert lines[2] == "     | " + " " * 61 + "^"
    assert lines[3:6] == [
        "utf16.yml:1:1: WF004 the file is UTF-16; DAG Factory reads workflow files as UTF-8 [unreadable-file]",
        "   1 | \ufffd\ufffde␀t␀l␀:␀",
        "     | ^",
    ]


def test_messages_quoting_control_characters_show_stand_ins_in_text_and_github(project, capsys):
    Path("dag.yml").write_text(ESCAPED_VALUES)
    code, out, _ = run(capsys, "dag.yml")
    assert code == 1
    assert out == (
        "dag.yml:4:16: WF021 task id `a␛[31mb␀c` contains '\\x00', '\\x1b', '['; only letters, digits, `_`, `.` and `-` are allowed [invalid-id]\n"
        '   4 |     - task_id: "a\\e[31mb\\0c"\n'
        "     |                ^^^^^^^^^^^^^\n"
        "dag.yml:6:22: WF201 `a␛[31mb␀c` depends on `␛[1mzz\\x85`, which is no task or task group of DAG `etl` [unknown-dependency]\n"
        '   6 |       dependencies: ["\\x1b[1mzz\\u0085"]\n'
        "     |                      ^^^^^^^^^^^^^^^^^\n"
        "Found 2 problems (2 errors) in 1 file.\n"
    )
    out = run(capsys, "--format", "github", "dag.yml")[1]
    assert out.splitlines() == [
        "::error file=dag.yml,line=4,col=16,endLine=4,endColumn=29,title=WF021 invalid-id::"
        "WF021 task id `a␛[31mb␀c` contains '\\x00', '\\x1b', '['; only letters, digits, `_`, `.` and `-` are allowed",
        "::error file=dag.yml,line=6,col=22,endLine=6,endColumn=39,title=WF201 unknown-dependency::"
        "WF201 `a␛[31mb␀c` depends on `␛[1mzz\\x85`, which is no task or task group of DAG `etl`",
    ]


def test_json_and_sarif_keep_the_exact_strings(project, capsys):
    Path("dag.yml").write_text(ESCAPED_VALUES)
    out = run(capsys, "--format", "json", "dag.yml")[1]
    assert_no_raw_control_characters(out)  # JSON escapes C0; wflint escapes DEL and C1 too
    assert "depends on `\\u001b[1mzz\\u0085`" in out
    messages = [d["message"] for d in json.loads(out)["diagnostics"]]
    assert messages[1] == "`a\x1b[31mb\x00c` depends on `\x1b[1mzz\x85`, which is no task or task group of DAG `etl`"
    out = run(capsys, "--format", "sarif", "dag.yml")[1]
    assert_no_raw_control_characters(out)
    assert [r["message"]["text"] for r in json.loads(out)["runs"][0]["results"]] == messages


def test_related_notes_and_paths_show_stand_ins(project, capsys):
    name = "a\x1b[2Jb.yml"
    Path(name).write_text(f"etl:\n  schedule: \"@daily\"\n  tasks:\n    - task_id: \"t\\x07\"\n      operator: {EMPTY}\n"
                          f"    - task_id: \"t\\x07\"\n      operator: {EMPTY}\n")
    out = run(capsys, "--no-source", "-q", name)[1]
    assert_no_raw_control_characters(out)
    assert "a␛[2Jb.yml:6:16: WF" in out
    assert "WF021 task id `t␇` contains '\\x07';" in out
    assert "\n    note: a␛[2Jb.yml:4:16: first definition\n" in out


@pytest.mark.parametrize(("text", "shown"), [
    ("plain text", "plain text"),
    ("tab\tkept", "tab\tkept"),
    ("\x00\x01\x1b\x1f", "␀␁␛␟"),
    ("line\nbreak\r", "line␊break␍"),
    ("\x7f", "␡"),
    ("\x80\x85\x9b\x9f", "\\x80\\x85\\x9b\\x9f"),
    ("\xa0é😀", "\xa0é😀"),  # not controls
])
def test_visible(text, shown):
    from wflint.output.terminal import visible

    assert visible(text) == shown
