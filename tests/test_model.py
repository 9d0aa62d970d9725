"""The workflow model: DAGs, tasks and groups in both forms, and the defaults merge."""

from __future__ import annotations

from pathlib import Path

from wflint.engine import Project, lint_text
from wflint.model.workflow import Merged


def model(tmp_path: Path, text: str, name: str = "dag.yml"):
    (tmp_path / ".git").mkdir(exist_ok=True)
    path = tmp_path / name
    path.write_text(text)
    return lint_text(str(path), text, Project()).workflow


def test_list_and_dict_forms(tmp_path):
    wf = model(tmp_path, """\
a:
  tasks:
    - task_id: t1
      operator: x.Y
    - task_id: t2
      operator: x.Y
      dependencies: [t1, g]
      task_group_name: g
  task_groups:
    - group_name: g
      parent_group_name: outer
b:
  tasks:
    t1:
      operator: x.Y
    t2:
      operator: x.Y
      dependencies: [t1]
  task_groups:
    g:
      tooltip: hi
""")
    a, b = wf.dags
    assert [t.id for t in a.tasks] == ["t1", "t2"] and a.tasks[0].form == "list"
    assert [r.name for r in a.tasks[1].dependencies] == ["t1", "g"]
    assert a.tasks[1].group.name == "g" and a.groups[0].parent.name == "outer"
    assert [t.id for t in b.tasks] == ["t1", "t2"] and b.tasks[0].form == "dict"
    assert b.tasks[0].id_node.value == "t1" and b.groups_by_name["g"].form == "dict"


def test_defaults_precedence_dag_then_default_block_then_nearest_defaults_file(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "defaults.yml").write_text("default_args:\n  owner: root\n  retries: 1\n  pool: p_root\ncatchup: true\n")
    sub = tmp_path / "team"
    sub.mkdir()
    (sub / "defaults.yml").write_text("default_args:\n  owner: team\n")
    (sub / "defaults.yaml").write_text("default_args:\n  owner: ignored-yaml\n")  # .yml wins
    text = "default:\n  default_args:\n    retries: 3\ndag:\n  default_args:\n    pool: mine\n  tasks: []\n"
    path = sub / "dag.yml"
    path.write_text(text)
    dag = lint_text(str(path), text, Project()).workflow.dags[0]
    args = dag.default_args
    assert args.get("pool").value.value == "mine" and not args.get("pool").inherited
    retries = args.get("retries")
    assert retries.value.value == "3" and retries.layer.kind == "default-block"
    owner = args.get("owner")
    assert owner.value.value == "team" and owner.layer.describe(owner.value) == "defaults.yml:2"
    catchup = dag.config.get("catchup")
    assert catchup.value.typed is True and catchup.layer.path == str(tmp_path / "defaults.yml")


def test_non_mapping_in_a_higher_layer_replaces_lower_mappings():
    from wflint.model.workflow import Layer
    from wflint.yaml.source import SourceText
    from wflint.yaml.tree import parse_yaml

    def layer_of(text, kind):
        return parse_yaml(text).root, Layer(kind, kind, SourceText(text))

    merged = Merged([layer_of("a: 1\n", "dag"), layer_of("a:\n  b: 2\n", "default-block")])
    assert merged.sub("a") is None
    merged = Merged([layer_of("a:\n  c: 1\n", "dag"), layer_of("a: x\n", "mid"), layer_of("a:\n  b: 2\n", "low")])
    assert set(merged.sub("a").keys()) == {"c"}


def test_dict_form_tasks_merge_from_the_default_block(tmp_path):
    wf = model(tmp_path, """\
default:
  tasks:
    shared:
      operator: x.Y
      retries: 2
dag:
  tasks:
    shared:
      retries: 5
    own:
      operator: x.Z
""")
    dag = wf.dags[0]
    shared = dag.tasks_by_id["shared"]
    assert shared.config.get("operator").inherited and shared.config.get("retries").value.value == "5"
    assert set(dag.tasks_by_id) == {"shared", "own"}


def test_yaml_11_scalars_like_pyyaml():
    import datetime

    from wflint.yaml.tree import parse_yaml, to_python

    data = to_python(parse_yaml("a: yes\nb: 010\nc: 2024-01-02\nd: '1'\ne: ~\nf: 1:30\ng: 2024-01-02 03:04:05\nh: .5\n").root)
    assert data == {"a": True, "b": 8, "c": datetime.date(2024, 1, 2), "d": "1", "e": None, "f": 90,
                    "g": datetime.datetime(2024, 1, 2, 3, 4, 5), "h": 0.5}


def test_other_yaml_formats_with_dag_like_keys_are_not_workflows(tmp_path):
    cron_job = (
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: '*/5 * * * *'\n"
        "  timeZone: Etc/UTC\n  jobTemplate: {}\n"
    )
    cloudformation = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Job:\n    Properties:\n      schedule: rate(1 day)\n"
    actions = "on:\n  schedule:\n    - cron: '0 6 * * *'\njobs:\n  build:\n    tasks: []\n"
    for name, text in (("cronjob.yaml", cron_job), ("stack.yml", cloudformation), ("ci.yml", actions)):
        result = lint_text(str(tmp_path / name), text, Project())
        assert result.workflow.kind == "other" and result.diagnostics == [], name
    # A DAG of that name is still a DAG.
    assert model(tmp_path, "kind:\n  schedule: '@daily'\n  tasks: []\n").kind == "workflow"
