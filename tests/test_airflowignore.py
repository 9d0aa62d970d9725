"""`.airflowignore`: files DAG Factory skips when it loads a folder are not linted, for the DAG
Factory releases that honour it.

What DAG Factory said (load_yaml_dags over a folder with `.airflowignore` = `legacy/` and
`skip_*.yaml  # comment`, and `sub/.airflowignore` = `deep.yaml`):
- 1.1.0 (Airflow 3.3.2): DAGs ['keep', 'sub_keep2'];
- 1.0.1 (Airflow 3.0.6): DAGs ['keep', 'legacy_old', 'skip_me', 'sub_deep', 'sub_keep2'] (it does
  not read .airflowignore).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wflint.airflowignore import honoured_by, ignored

DAG = "{id}:\n  schedule: null\n  start_date: 2024-01-01\n  tasks:\n    - task_id: t\n      operator: airflow.operators.dummy.DummyOperator\n"


@pytest.mark.parametrize("pattern, path, is_folder, expected", [
    ("skip_*.yaml", "skip_me.yaml", False, True),
    ("skip_*.yaml", "sub/skip_me.yaml", False, True),  # no slash: any depth
    ("/skip_*.yaml", "sub/skip_me.yaml", False, None),  # anchored to the file's folder
    ("legacy/", "legacy", True, True),
    ("legacy/", "legacy", False, None),  # a trailing slash: folders only
    ("legacy/", "legacy/old.yaml", False, True),
    ("dags/**/tmp", "dags/a/b/tmp/x.yaml", False, True),
    ("*.yaml", "keep.yml", False, None),
    ("[ab].yaml", "a.yaml", False, True),
])
def test_patterns_read_as_gitignore_does(pattern, path, is_folder, expected):
    assert ignored(path, is_folder, [pattern]) is expected


def test_the_last_matching_pattern_decides():
    assert ignored("keep.yaml", False, ["*.yaml", "!keep.yaml"]) is False
    assert ignored("other.yaml", False, ["*.yaml", "!keep.yaml"]) is True


def test_only_dag_factory_1_1_and_later_honour_it():
    assert honoured_by("1.1.0") and honoured_by("1.2") and not honoured_by("1.0.1") and not honoured_by(None)


@pytest.fixture
def dags(tmp_path) -> Path:
    folder = tmp_path / "dags"
    for name in ("keep", "skip_me", "legacy/old", "sub/deep", "sub/keep2"):
        path = folder / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(DAG.format(id=name.replace("/", "_")))
    (folder / ".airflowignore").write_text("legacy/\nskip_*.yaml  # comment\n")
    (folder / "sub" / ".airflowignore").write_text("deep.yaml\n")
    return folder


def linted(folder: Path, *args: str) -> list[str]:
    completed = subprocess.run([sys.executable, "-m", "wflint", "check", "--no-cache", "-q", "--no-source", *args],
                               capture_output=True, text=True, cwd=folder.parent, env={**os.environ, "NO_COLOR": "1"})
    return sorted({line.split(":", 1)[0].replace(os.sep, "/") for line in completed.stdout.splitlines() if "WF301" in line})


def test_a_folder_walk_skips_what_dag_factory_1_1_skips(dags):
    assert linted(dags, "dags") == ["dags/keep.yaml", "dags/sub/keep2.yaml"]  # the newest DAG Factory: 1.1.0


def test_dag_factory_1_0_1_reads_every_file(dags):
    assert linted(dags, "--target", "dag-factory=1.0.1", "dags") == [
        "dags/keep.yaml", "dags/legacy/old.yaml", "dags/skip_me.yaml", "dags/sub/deep.yaml", "dags/sub/keep2.yaml"]


def test_a_file_named_on_the_command_line_is_linted(dags):
    assert linted(dags, "dags/skip_me.yaml") == ["dags/skip_me.yaml"]


# DAG Factory 1.1.0 decides with pathspec's GitIgnoreSpec (pathspec 1.1.1 beside Airflow 3.3.2),
# matching `path/` for a folder; these are the cases wflint's own reading got wrong before.
@pytest.mark.parametrize("pattern, path, is_folder, expected", [
    ("sub/**", "sub", True, True),  # the folder itself, so nothing in it can be re-included
    ("foo/**/", "foo", True, True),
    ("a/", "b/a", False, None),  # a folder-only pattern never names a file, at any depth
    ("a/*", "a", True, None),  # `*` as a whole name matches no empty name
    ("x\\*.yaml", "x*.yaml", False, True),  # a backslash escapes
    ("**/**/[ab]", "a", False, True),
    ("b/**/*.yaml", "b/c/d/x.yaml", False, True),
    ("a[", "a[", False, None),  # an unclosed class: the pattern matches nothing
    ("[!]]", "]", False, None),
    ("[!]]", "a", False, True),
    ("[z-a]", "a", False, None),  # pathspec refuses the pattern; wflint matches nothing with it
])
def test_patterns_read_as_dag_factory_1_1_reads_them(pattern, path, is_folder, expected):
    assert ignored(path, is_folder, [pattern]) is expected


def test_same_decisions_as_pathspec_on_random_patterns():
    """Differential: wflint (no dependency on pathspec) against pathspec's GitIgnoreSpec, which
    DAG Factory 1.1.0 uses; pathspec is here through yamllint, a test dependency."""
    import random

    gitignore = pytest.importorskip("pathspec.gitignore")
    rng = random.Random(14)
    atoms = ["a", "b", "sub", "x.yaml", "*", "**", "?", "*.yaml", "[ab]", "[!a]", "a*", "*b", "\\*", "y?ml",
             "\\!a", "[a-c]*", "a[", "]b", "[]a]", "[!]]", "[]]", "[^a]"]
    names = ["a", "b", "c", "sub", "x.yaml", "a.yaml", "ab", "b.yml", "*", "ay", "!a", "]b", "a[", "]", "^"]
    differences = []
    for _ in range(6000):
        patterns = []
        for _ in range(rng.randint(1, 2)):
            pattern = "/".join(rng.choice(atoms) for _ in range(rng.randint(1, 3)))
            pattern = ("/" if rng.random() < .2 else "") + pattern + ("/" if rng.random() < .2 else "")
            patterns.append(("!" if rng.random() < .15 else "") + pattern)
        path = "/".join(rng.choice(names) for _ in range(rng.randint(1, 4)))
        is_folder = rng.random() < .4
        expected = None
        for compiled in gitignore.GitIgnoreSpec.from_lines(patterns).patterns:
            if compiled.include is not None and compiled.match_file(path + "/" if is_folder else path):
                expected = compiled.include
        if ignored(path, is_folder, patterns) is not expected:
            differences.append((patterns, path, is_folder, expected))
    assert differences[:5] == []


def test_one_file_is_collected_as_the_folder_walk_collects_it(dags):
    """The editor asks about one file (created or opened) with `collected`; it answers as the
    folder walk does, with the same matcher."""
    from wflint.discovery import collect, collected, honours_airflowignore
    from wflint.engine import Project

    project = Project()
    honours = honours_airflowignore(project)
    (dags / "legacy" / "deeper").mkdir()
    (dags / "legacy" / "deeper" / "x.yaml").write_text(DAG.format(id="x"))
    walked = set(collect([str(dags)], project.config_for, honours))
    every = {str(path) for path in dags.rglob("*.yaml")}
    assert {path for path in every if collected(path, str(dags), project.config_for, honours)} == walked
    assert walked == {str(dags / "keep.yaml"), str(dags / "sub" / "keep2.yaml")}
    assert not collected(str(dags.parent / "elsewhere.yaml"), str(dags), project.config_for, honours)
