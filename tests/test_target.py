"""Target versions (wflint.target): where each version comes from, in the order users expect:
command line > configuration > profile > environment > newest known."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from wflint.config import Config, ConfigError, config_from_mapping, with_targets
from wflint.target import Target, TargetError, installed_versions, read_requirements, resolve


def test_without_anything_the_newest_known_versions():
    target = resolve(Config(), environment={})
    assert target.airflow == "3.3.2" and target.dag_factory == "1.1.0"
    assert target.source("airflow") == "newest known to wflint"
    assert target.get("apache-airflow-providers-amazon") == "9.39.0"


def test_the_profile_pins_what_aws_runs():
    target = resolve(Config(profile="mwaa-serverless"), environment={})
    assert (target.airflow, target.get("task-sdk"), target.dag_factory) == ("3.0.6", "1.0.6", "1.0.1")
    assert target.get("apache-airflow-providers-amazon") == "9.30.0"
    assert target.source("dag-factory") == "profile mwaa-serverless"


def test_precedence_command_line_configuration_profile_environment_newest(tmp_path):
    config = config_from_mapping({"profile": "mwaa-serverless", "target": {"dag-factory": "1.1.0", "airflow": "3.1.2"}},
                                 str(tmp_path / "wflint.toml"), str(tmp_path))
    config = with_targets(config, ["airflow=3.2.0"], None)
    environment = {"apache-airflow-core": "3.0.0", "apache-airflow-providers-http": "5.0.0"}
    target = resolve(config, environment=environment)
    assert target.airflow == "3.2.0" and target.source("airflow") == "command line"
    assert target.dag_factory == "1.1.0" and target.source("dag-factory") == "wflint.toml [tool.wflint.target]"
    assert target.get("apache-airflow-providers-amazon") == "9.30.0"  # the profile
    assert target.get("apache-airflow-providers-http") == "5.0.0"  # the environment
    assert target.get("apache-airflow-providers-smtp") == "3.2.0"  # newest known
    # the task SDK follows the Airflow that was named with more weight than the profile's SDK
    assert target.get("task-sdk") == "1.2.0" and "follows" in target.source("task-sdk")


def test_requirements_files_give_exact_pins(tmp_path):
    (tmp_path / "constraints.txt").write_text("apache-airflow-providers-amazon==9.30.0\nboto3==1.40.0\n")
    (tmp_path / "requirements.txt").write_text(
        "# the deploy image\n"
        "-c constraints.txt\n"
        "Apache_Airflow[amazon,postgres]==3.0.6 ; python_version >= '3.9'  # pinned by AWS\n"
        "dag-factory===1.0.1\n"
        "apache-airflow-providers-standard>=1.0\n"  # not a pin: the next source decides
        "requests==2.32.3\n"
    )
    pins = read_requirements(str(tmp_path / "requirements.txt"))
    assert pins == {"apache-airflow-core": "3.0.6", "dag-factory": "1.0.1", "apache-airflow-providers-amazon": "9.30.0"}
    config = config_from_mapping({"target": {"requirements": "requirements.txt"}}, str(tmp_path / "wflint.toml"), str(tmp_path))
    assert resolve(config, environment={}).airflow == "3.0.6"


def test_an_include_loop_ends(tmp_path):
    (tmp_path / "a.txt").write_text("-r b.txt\ndag-factory==1.0.1\n")
    (tmp_path / "b.txt").write_text("-r a.txt\n")
    assert read_requirements(str(tmp_path / "a.txt")) == {"dag-factory": "1.0.1"}


@pytest.mark.parametrize("table, message", [
    ({"airflw": "3.0.6"}, "`target.airflw`: `airflw` is not a distribution"),
    ({"airflow": "three"}, "`target.airflow`: `airflow`: 'three' is not a version"),
    ({"airflow": 3.0}, "`target.airflow` must be a version string"),
    ({"requirements": "nope.txt"}, "`target.requirements`: 'nope.txt' does not exist"),
])
def test_a_bad_target_table_names_the_key(tmp_path, table, message):
    with pytest.raises(ConfigError) as error:
        config_from_mapping({"target": table}, "wflint.toml", str(tmp_path))
    assert message in str(error.value)


def test_a_bad_command_line_pin_is_a_usage_error():
    with pytest.raises(ConfigError, match="expected NAME=VERSION"):
        with_targets(Config(), ["airflow"], None)
    with pytest.raises(ConfigError, match="is not a version"):
        with_targets(Config(), ["airflow=latest"], None)


def test_the_environment_is_read_from_metadata_folders_without_importing(tmp_path, monkeypatch):
    for name in ("apache_airflow_core-3.0.6.dist-info", "apache_airflow_providers_amazon-9.30.0.dist-info",
                 "requests-2.0.dist-info"):
        (tmp_path / name).mkdir()
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    assert installed_versions() == {"apache-airflow-core": "3.0.6", "apache-airflow-providers-amazon": "9.30.0"}
    (tmp_path / "apache_airflow_core-3.0.6.dist-info").rmdir()
    assert installed_versions() == {}  # providers without Airflow: not an Airflow environment


def test_the_target_is_part_of_the_cache_key():
    assert repr(with_targets(Config(), ["airflow=3.0.6"], None)) != repr(Config())


def test_show_target_says_what_was_chosen_and_why(tmp_path):
    (tmp_path / "wflint.toml").write_text('profile = "mwaa-serverless"\n[target]\ndag-factory = "1.1.0"\n')
    completed = subprocess.run([sys.executable, "-m", "wflint", "check", "--show-target", "--target", "amazon=1", "."],
                               capture_output=True, text=True, cwd=tmp_path)
    assert completed.returncode == 2 and "`amazon` is not a distribution" in completed.stderr
    completed = subprocess.run([sys.executable, "-m", "wflint", "check", "--show-target",
                                "--target", "apache-airflow-providers-amazon=9.31.0", "."],
                               capture_output=True, text=True, cwd=tmp_path)
    assert completed.returncode == 0
    lines = {line.split()[0]: line.split(None, 2)[1:] for line in completed.stdout.splitlines()[1:]}
    assert lines["apache-airflow-core"] == ["3.0.6", "profile mwaa-serverless"]
    assert lines["apache-airflow-providers-amazon"] == ["9.31.0", "command line"]
    assert lines["dag-factory"] == ["1.1.0", "wflint.toml [tool.wflint.target]"]
    # Between two catalogued releases: judged with the one before, and said so.
    completed = subprocess.run([sys.executable, "-m", "wflint", "check", "--show-target",
                                "--target", "apache-airflow-providers-amazon=9.35.5", "."],
                               capture_output=True, text=True, cwd=tmp_path)
    below = completed.stdout.split("Not catalogued; operator knowledge comes from:\n", 1)[1]
    assert "apache-airflow-providers-amazon           9.35.1    the catalogued release before 9.35.5" in below


def test_templates_are_judged_for_the_target_airflow(tmp_path):
    """The template object model of the target release names it in the message."""
    from wflint.engine import Project, lint_text

    text = ('d:\n  schedule: null\n  tasks:\n    - task_id: t\n'
            '      operator: airflow.providers.standard.operators.bash.BashOperator\n'
            '      bash_command: "{{ ti.hostnme }}"\n')
    newest = lint_text("d.yaml", text, Project(Config()))
    mwaa = lint_text("d.yaml", text, Project(Config(profile="mwaa-serverless")))
    assert "in Airflow 3.3.2" in next(d.message for d in newest.diagnostics if d.code == "WF411")
    assert "in Airflow 3.0.6" in next(d.message for d in mwaa.diagnostics if d.code == "WF411")
