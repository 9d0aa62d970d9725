"""A defaults.yml holds what a `default:` block holds, DAG-level settings: it is checked like
one, where it is written (a typo in it is dropped for every DAG below it)."""

from __future__ import annotations

from pathlib import Path

from wflint.engine import Project, lint_path

WORKFLOW = "etl:\n  tasks:\n    - task_id: t\n      operator: airflow.providers.standard.operators.empty.EmptyOperator\n"


def lines(path: Path, project: Project | None = None) -> list[str]:
    result = lint_path(str(path), project or Project())
    return [f"{d.line}:{d.column} {d.code} {d.message}" for d in result.diagnostics]


def test_a_defaults_file_is_checked_against_the_dag_settings_schema(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "dags").mkdir()
    defaults = tmp_path / "dags" / "defaults.yml"
    defaults.write_text('schedule_interval: "@daily"\ncatchup: "no"\nschedul: x\nmax_active_runs: $RUNS\ndefault_args:\n  retries: 2\n')
    (tmp_path / "dags" / "etl.yml").write_text(WORKFLOW)
    assert lines(defaults) == [
        "1:1 WF024 `schedule_interval` is rejected by DAG Factory on Airflow 3; use `schedule`",
        "2:10 WF011 `catchup`: expected a boolean (true/false), got a string",
        "3:1 WF010 unknown key `schedul` (did you mean `schedule`?); DAG Factory drops unknown DAG keys silently",
    ]
    # The workflow below it is not told again about what is wrong in the defaults file.
    assert not any(code in line for line in lines(tmp_path / "dags" / "etl.yml") for code in ("WF010", "WF011", "WF024"))


def test_profile_rules_look_at_defaults_files(tmp_path):
    from wflint.config import Config

    (tmp_path / ".git").mkdir()
    defaults = tmp_path / "defaults.yml"
    defaults.write_text("catchup: true\n")
    project = Project(Config(profile="mwaa-serverless"))
    assert [line.split(" ")[1] for line in lines(defaults, project)] == ["WF506"]


def test_defaults_root_holds_when_the_path_goes_through_a_symlink(tmp_path):
    real = tmp_path / "r"
    (real / "dags").mkdir(parents=True)
    (real / "wflint.toml").write_text('defaults-root = "dags"\n')
    (real / "defaults.yml").write_text('schedule: "0 X * * *"\n')  # above the root: never read
    (real / "dags" / "a.yml").write_text(WORKFLOW)
    (tmp_path / "link").symlink_to(real)
    for path in (real / "dags" / "a.yml", tmp_path / "link" / "dags" / "a.yml"):
        assert not any("WF101" in line for line in lines(path)), path
