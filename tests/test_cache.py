"""The result cache of `wflint check`: a second run over unchanged files reads results instead
of linting, with identical output, and anything a result depends on invalidates it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import wflint.engine as engine
from wflint.cli import main

REPO = Path(__file__).resolve().parents[1]

WORKFLOW = """\
etl:
  schedule: "0 6 * * *"
  start_date: 2025-01-01
  template_searchpath: [sql]
  tasks:
    - task_id: extract
      operator: airflow.providers.common.sql.operators.sql.SQLExecuteQueryOperator
      conn_id: warehouse
      sql: load_events.sql
    - task_id: transform
      operator: airflow.providers.standard.operators.empty.EmptyOperator
      dependencies: [extrac]
"""


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "sql").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WFLINT_NO_CACHE", raising=False)
    monkeypatch.delenv("WFLINT_CACHE_DIR", raising=False)
    return tmp_path


@pytest.fixture
def linted(monkeypatch) -> list[str]:
    """The paths actually linted (not answered from the cache) in this process."""
    paths: list[str] = []
    real = engine.lint_text

    def counting(path, text, project, **kwargs):
        paths.append(path)
        return real(path, text, project, **kwargs)

    monkeypatch.setattr(engine, "lint_text", counting)
    return paths


def check(capsys, *args) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_second_run_reads_every_result_from_the_cache_with_identical_output(workspace, linted, capsys):
    shutil.copytree(REPO / "examples", workspace / "examples")
    for output in ("text", "json", "sarif", "github"):
        linted.clear()
        shutil.rmtree(workspace / ".wflint_cache", ignore_errors=True)
        first = check(capsys, "--format", output, "examples")
        assert linted == ["examples/dags/defaults.yml", "examples/dags/marketing/campaigns.yaml", "examples/dags/sales_daily.yml"]
        linted.clear()
        second = check(capsys, "--format", output, "examples")
        assert linted == [], output
        assert second == first, output
        assert second == check(capsys, "--no-cache", "--format", output, "examples")
    assert first[0] == 1 and "WF202" in check(capsys, "examples")[1]


def test_the_cache_folder_is_ignored_by_git_and_backup_tools(workspace, capsys):
    Path("dag.yml").write_text(WORKFLOW)
    check(capsys, "dag.yml")
    assert (workspace / ".wflint_cache" / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (workspace / ".wflint_cache" / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")


def test_cache_files_unused_for_a_month_are_removed_from_wflints_own_folder_only(workspace, capsys):
    import os
    import time

    Path("dag.yml").write_text(WORKFLOW)
    month_ago = time.time() - 31 * 24 * 3600
    check(capsys, "dag.yml")  # makes .wflint_cache, with its CACHEDIR.TAG
    folder = workspace / ".wflint_cache"
    old, recent = folder / ("results-" + "0" * 32 + ".json"), folder / ("results-" + "1" * 32 + ".json")
    mine = folder / "results-notes.json"  # not a name wflint gives
    for path in (old, recent, mine):
        path.write_text("{}")
    os.utime(old, (month_ago, month_ago))
    os.utime(mine, (month_ago, month_ago))
    Path("dag.yml").write_text(WORKFLOW + "# changed\n")
    check(capsys, "dag.yml")
    assert not old.exists() and recent.exists() and mine.exists()
    # A folder wflint did not make (--cache-dir .): nothing in it is ever removed.
    user_file = workspace / ("results-" + "2" * 32 + ".json")
    user_file.write_text("{}")
    os.utime(user_file, (month_ago, month_ago))
    check(capsys, "--cache-dir", ".", "dag.yml")
    assert user_file.exists()


def test_the_build_fingerprint_does_not_depend_on_the_hash_seed(workspace):
    import os
    import subprocess
    import sys

    probe = "from wflint.cache import _build_fingerprint; print(_build_fingerprint())"
    prints = {
        subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                       env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout
        for seed in range(8)
    }
    assert len(prints) == 1 and len(next(iter(prints)).strip()) == 32


def test_an_edit_that_keeps_size_and_mtime_of_a_defaults_file_invalidates(workspace, linted, capsys):
    import os

    Path("dags").mkdir()
    Path("dags/dag.yml").write_text(WORKFLOW.replace('  schedule: "0 6 * * *"\n', ""))
    defaults = Path("dags/defaults.yml")
    defaults.write_text('schedule: "0 6 * * *"\n')
    assert "WF101" not in check(capsys, "dags/dag.yml")[1]
    stat = os.stat(defaults)
    defaults.write_text('schedule: "0 X * * *"\n')
    os.utime(defaults, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    linted.clear()
    assert "WF101" in check(capsys, "dags/dag.yml")[1]
    assert linted == ["dags/dag.yml"]
    # Rewritten unchanged (a checkout): still a hit.
    defaults.write_text('schedule: "0 X * * *"\n')
    linted.clear()
    check(capsys, "dags/dag.yml")
    assert linted == []


def test_user_catalog_files_invalidate_when_edited_or_added(workspace, linted, capsys):
    import wflint.schemas

    shipped = Path(wflint.schemas.__file__).parent / "catalogs" / "apache-airflow-providers-standard.json"
    Path("catalogs").mkdir()
    catalog = Path("catalogs/apache-airflow-providers-standard.json")
    catalog.write_text(shipped.read_text())
    Path("wflint.toml").write_text('catalogs = ["catalogs"]\n')
    Path("dag.yml").write_text(
        "etl:\n  schedule: null\n  tasks:\n    - task_id: t\n"
        "      operator: airflow.providers.standard.operators.bash.BashOperator\n      bash_command: echo hi\n"
    )
    assert "WF304" not in check(capsys, "dag.yml")[1]
    catalog.write_text(shipped.read_text().replace('"bash_command"', '"bash_cmd"'))
    linted.clear()
    out = check(capsys, "dag.yml")[1]
    assert linted == ["dag.yml"] and "WF304" in out
    linted.clear()
    check(capsys, "dag.yml")
    assert linted == []
    Path("catalogs/extra.json").write_text(catalog.read_text())  # a new file in the folder
    linted.clear()
    check(capsys, "dag.yml")
    assert linted == ["dag.yml"]


def test_an_edited_file_is_linted_again_and_only_it(workspace, linted, capsys):
    Path("a.yml").write_text(WORKFLOW)
    Path("b.yml").write_text(WORKFLOW.replace("etl:", "other:"))
    check(capsys, ".")
    linted.clear()
    Path("a.yml").write_text(WORKFLOW.replace("[extrac]", "[extract]"))
    code, out, _ = check(capsys, ".")
    assert linted == ["a.yml"]
    assert "a.yml:12:22: WF201" not in out and "b.yml:12:22: WF201" in out


def test_configuration_and_command_line_changes_invalidate(workspace, linted, capsys):
    Path("dag.yml").write_text(WORKFLOW)
    assert "WF201" in check(capsys, "dag.yml")[1]
    linted.clear()
    assert "WF201" not in check(capsys, "--ignore", "WF201", "dag.yml")[1]
    assert linted == ["dag.yml"]
    Path("pyproject.toml").write_text('[tool.wflint]\nignore = ["WF2"]\n')
    linted.clear()
    assert "WF201" not in check(capsys, "dag.yml")[1]
    assert linted == ["dag.yml"]
    linted.clear()
    check(capsys, "dag.yml")
    assert linted == []


def test_defaults_files_invalidate_the_workflows_below_them(workspace, linted, capsys):
    Path("dags").mkdir()
    Path("dags/dag.yml").write_text(WORKFLOW.replace("  start_date: 2025-01-01\n", ""))
    assert "WF104" not in check(capsys, "dags")[1]
    # A defaults.yml appearing where there was none, then one being edited.
    Path("defaults.yml").write_text("default_args:\n  start_date: 2025-13-01\n")
    linted.clear()
    code, out, _ = check(capsys, "dags")
    assert linted == ["dags/dag.yml"] and "inherits `start_date` from defaults.yml:2" in out
    Path("defaults.yml").write_text("default_args:\n  start_date: 2025-12-01\n")
    linted.clear()
    assert "WF104" not in check(capsys, "dags")[1]
    assert linted == ["dags/dag.yml"]


def test_files_the_lint_looked_for_invalidate_when_they_appear(workspace, linted, capsys):
    Path("dag.yml").write_text(WORKFLOW)
    assert "WF409" in check(capsys, "dag.yml")[1]
    Path("sql/load_events.sql").write_text("select 1\n")
    linted.clear()
    assert "WF409" not in check(capsys, "dag.yml")[1]
    assert linted == ["dag.yml"]


def test_python_callable_files_invalidate_when_edited(workspace, linted, capsys):
    module = workspace / "callables.py"
    module.write_text("def extract():\n    pass\n")
    Path("dag.yml").write_text(
        "etl:\n  schedule: null\n  tasks:\n    - task_id: run\n"
        "      operator: airflow.providers.standard.operators.python.PythonOperator\n"
        f"      python_callable_file: {module}\n      python_callable_name: transform\n"
    )
    assert "`transform` is not defined at the top level of `callables.py`" in check(capsys, "dag.yml")[1]
    module.write_text("def extract():\n    pass\n\n\ndef transform():\n    pass\n")
    linted.clear()
    assert "WF309" not in check(capsys, "dag.yml")[1]
    assert linted == ["dag.yml"]


def test_custom_operator_source_invalidates_when_edited(workspace, linted, capsys):
    Path("plugins/ops").mkdir(parents=True)
    Path("plugins/ops/__init__.py").write_text("")
    source = Path("plugins/ops/custom.py")
    source.write_text(
        "from airflow.models import BaseOperator\n\n\nclass Load(BaseOperator):\n"
        "    def __init__(self, table, **kwargs):\n        super().__init__(**kwargs)\n"
    )
    Path("pyproject.toml").write_text('[tool.wflint]\noperator-paths = ["plugins"]\n')
    Path("dag.yml").write_text(
        "etl:\n  schedule: null\n  tasks:\n    - task_id: load\n      operator: ops.custom.Load\n      table: events\n"
    )
    assert "WF304" not in check(capsys, "dag.yml")[1]
    source.write_text(source.read_text().replace("table", "target"))
    linted.clear()
    out = check(capsys, "dag.yml")[1]
    assert linted == ["dag.yml"] and "WF304" in out and "`table`" in out


def test_results_that_depend_on_the_clock_are_never_cached(workspace, linted, capsys):
    Path("dag.yml").write_text("etl:\n  schedule: '@hourly'\n  start_date: 2020-01-01\n  catchup: true\n  tasks: []\n")
    assert "WF107" in check(capsys, "dag.yml")[1]
    linted.clear()
    assert "WF107" in check(capsys, "dag.yml")[1]
    assert linted == ["dag.yml"]


def test_a_new_wflint_build_starts_a_new_cache(workspace, linted, capsys, monkeypatch):
    import wflint.cache

    Path("dag.yml").write_text(WORKFLOW)
    check(capsys, "dag.yml")
    monkeypatch.setattr(wflint.cache, "__version__", "99.0")
    linted.clear()
    check(capsys, "dag.yml")
    assert linted == ["dag.yml"]


def test_a_corrupt_cache_is_ignored_and_replaced(workspace, linted, capsys):
    Path("dag.yml").write_text(WORKFLOW)
    first = check(capsys, "dag.yml")
    (cache_file,) = (workspace / ".wflint_cache").glob("results-*.json")
    good = json.loads(cache_file.read_text())
    entry = good["entries"]["dag.yml"]
    diagnostic = entry["diagnostics"][0]

    def damaged(index, value):
        item = list(diagnostic)
        item[index] = value
        return json.dumps({**good, "entries": {"dag.yml": {**entry, "diagnostics": [item]}}})

    garbage = [
        "{not json", '{"format": 1, "entries": {"dag.yml": {"content": 3}}}', "[]", "\x00\xff", "",
        "[" * 100_000,  # deeper than the JSON reader's recursion
        damaged(8, "x"), damaged(8, None), damaged(8, 1.5), damaged(8, -1), damaged(5, 5), damaged(5, "\ud800"),
        damaged(2, True), damaged(2, 7), damaged(6, [[1, 2, "m", 5, None, None, None, None]]),
        damaged(7, ["t", True, [[0, 1]]]), damaged(7, ["t", "yes", []]), damaged(0, ["WF201"]),
        json.dumps({**good, "entries": {"dag.yml": {**entry, "inputs": [["/etc/passwd", None], [3, None]]}}}),
    ]
    for text in garbage:
        cache_file.write_text(text, encoding="utf-8", errors="surrogatepass")
        linted.clear()
        assert check(capsys, "dag.yml") == first, text[:80]
        assert linted == ["dag.yml"], text[:80]
        assert json.loads(cache_file.read_text())["entries"]["dag.yml"]["diagnostics"]


def test_a_fifo_in_place_of_the_cache_file_never_blocks(workspace, capsys):
    import os

    Path("dag.yml").write_text(WORKFLOW)
    first = check(capsys, "dag.yml")
    (cache_file,) = (workspace / ".wflint_cache").glob("results-*.json")
    cache_file.unlink()
    os.mkfifo(cache_file)
    code, out, err = check(capsys, "dag.yml")
    assert (code, out, err) == first
    assert cache_file.is_file()  # replaced by a real cache file


def test_an_unwritable_cache_folder_costs_only_the_cache(workspace, capsys):
    Path("dag.yml").write_text(WORKFLOW)
    Path("not-a-folder").write_text("")
    code, out, err = check(capsys, "--cache-dir", "not-a-folder/cache", "dag.yml")
    assert code == 1 and "WF201" in out
    assert err.startswith("wflint: warning: cannot write the cache in not-a-folder/cache:")


def test_no_cache_flag_environment_and_cache_dir(workspace, linted, capsys, monkeypatch):
    Path("dag.yml").write_text(WORKFLOW)
    check(capsys, "--no-cache", "dag.yml")
    monkeypatch.setenv("WFLINT_NO_CACHE", "1")
    check(capsys, "dag.yml")
    assert not (workspace / ".wflint_cache").exists()
    monkeypatch.delenv("WFLINT_NO_CACHE")
    monkeypatch.setenv("WFLINT_CACHE_DIR", str(workspace / "elsewhere"))
    check(capsys, "dag.yml")
    check(capsys, "--cache-dir", "flag", "dag.yml")
    assert list((workspace / "elsewhere").glob("results-*.json")) and list((workspace / "flag").glob("results-*.json"))
    assert not (workspace / ".wflint_cache").exists()


def test_cache_dir_in_the_configuration_and_its_precedence(workspace, capsys, monkeypatch):
    Path("dag.yml").write_text(WORKFLOW)
    Path("wflint.toml").write_text('cache-dir = ".cache/wflint"\n')
    check(capsys, "dag.yml")
    assert list((workspace / ".cache" / "wflint").glob("results-*.json"))
    assert not (workspace / ".wflint_cache").exists()
    monkeypatch.setenv("WFLINT_CACHE_DIR", str(workspace / "from-env"))
    check(capsys, "dag.yml")
    check(capsys, "--cache-dir", "from-flag", "dag.yml")
    assert list((workspace / "from-env").glob("results-*.json")) and list((workspace / "from-flag").glob("results-*.json"))
    Path("wflint.toml").write_text("cache-dir = 3\n")
    code, _, err = check(capsys, "dag.yml")
    assert code == 2 and "`cache-dir` must be a path" in err


def test_fix_never_reads_the_cache(workspace, linted, capsys):
    Path("dag.yml").write_text(WORKFLOW.replace("  schedule:", "  schedule_interval:"))
    check(capsys, "dag.yml")
    linted.clear()
    check(capsys, "--fix", "dag.yml")
    assert linted and "schedule_interval" not in Path("dag.yml").read_text()


def test_a_parallel_run_fills_the_cache(workspace, linted, capsys):
    for index in range(20):
        Path(f"dag_{index:02}.yml").write_text(WORKFLOW.replace("etl:", f"etl_{index}:"))
    first = check(capsys, "--jobs", "2", ".")
    assert first[1].count("WF201") == 20
    linted.clear()
    assert check(capsys, "--jobs", "2", ".") == first
    assert linted == []


def test_a_file_name_that_is_not_utf8_is_cached(workspace, linted, monkeypatch):
    import io
    import os
    import sys

    name = os.fsdecode(b"bad\xff.yml")
    Path(name).write_text(WORKFLOW)

    def run() -> bytes:
        # As on a terminal, where Python writes such a name back with surrogateescape.
        out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="surrogateescape")
        monkeypatch.setattr(sys, "stdout", out)
        main(["check", "."])
        out.flush()
        return out.buffer.getvalue()

    first = run()
    assert b"bad\xff.yml:12:22: WF201" in first
    linted.clear()
    assert run() == first
    assert linted == []
