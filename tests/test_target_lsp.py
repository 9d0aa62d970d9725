"""The editor follows the target: what completion and hover read (lsp/knowledge.py) is the
catalog at the target, and `wflint.target` sets it."""

from __future__ import annotations

import pytest

from test_target_releases import target_project
from wflint.config import Config
from wflint.lsp import knowledge
from wflint.lsp.settings import parse_settings

QUICKSIGHT = "airflow.providers.amazon.aws.operators.quicksight.QuickSightCreateIngestionOperator"
CRAWLER_RUN = "airflow.providers.amazon.aws.operators.glue_crawler.GlueCrawlerRunOperator"
MWAA = (("apache-airflow-core", "3.0.6"), ("apache-airflow-providers-amazon", "9.30.0"), ("dag-factory", "1.0.1"))


@pytest.fixture
def bound():
    projects = {}

    def bind(config):
        project = projects["project"] = target_project(config)
        knowledge.bind_project(lambda: project)
        return project.config_for("x.yaml")

    yield bind
    knowledge.bind_project(None)


def test_completion_offers_what_the_target_has(bound):
    old = bound(Config(target_cli=MWAA))
    assert "waiter_delay" not in knowledge.operator_info(old, QUICKSIGHT).arguments
    assert CRAWLER_RUN not in {info.path for info in knowledge.all_operators(old)}
    assert "all_done_min_one_success" not in knowledge.enum_values("trigger_rule", old)
    new = bound(Config())
    assert "waiter_delay" in knowledge.operator_info(new, QUICKSIGHT).arguments
    assert CRAWLER_RUN in {info.path for info in knowledge.all_operators(new)}
    assert "all_done_min_one_success" in knowledge.enum_values("trigger_rule", new)


def test_hover_says_since_which_release(bound):
    config = bound(Config())
    info = knowledge.operator_info(config, QUICKSIGHT)
    assert info.arguments["waiter_delay"].description.startswith("Since 9.37.0.")
    assert not info.arguments["data_set_id"].description.startswith("Since")
    assert knowledge.operator_info(config, CRAWLER_RUN).package_version == "9.39.0 (since 9.33.0)"
    native = knowledge.operator_info(config, "airflow.providers.standard.operators.empty.EmptyOperator")
    assert native.arguments["render_template_as_native_obj"].description.startswith("Since Airflow 3.2.0 / task SDK 1.2.0.")


def test_the_target_setting_pins_over_the_folder_configuration():
    problems: list[str] = []
    settings = parse_settings({"target": "airflow=3.0.6, apache-airflow-providers-amazon=9.30.0"}, problems)
    assert problems == []
    folder = Config(target=(("dag-factory", "1.0.1"), ("apache-airflow-core", "3.3.2")))
    config = settings.config_override(problems.append)(folder)
    assert dict(config.target) == {"apache-airflow-core": "3.0.6", "apache-airflow-providers-amazon": "9.30.0",
                                   "dag-factory": "1.0.1"}
    assert parse_settings({"target": {"airflow": "3.x"}}, problems).lint == {}
    assert "`target.airflow`" in problems[-1]


def test_a_changed_target_setting_relints_open_documents(tmp_path):
    from wflint.lsp.workspace import WorkspaceState

    relinted = []
    state = WorkspaceState.__new__(WorkspaceState)  # only what reconfigure touches
    state.settings = parse_settings({})
    state.documents = {}
    state.on_problem = lambda message: None
    state._new_project = lambda: object()
    state.relint_all = lambda: relinted.append(True)
    changed = parse_settings({"target": {"airflow": "3.0.6"}})
    assert changed != state.settings
    state.reconfigure(changed)
    assert relinted == [True]
