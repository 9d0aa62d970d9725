"""`wflint graph`: every format draws exactly the edges of the model's dependency graph (the one
the WF2xx rules check), with task groups and `+task` output references; Graphviz accepts the DOT;
the HTML page draws in headless Chromium; the shipped renderer bundle is what its sources build."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wflint.engine import Project, lint_text
from wflint.graphs.export import graph_document
from wflint.graphs.formats import drawn_edges, mermaid_label, render
from wflint.model.graph import build_graph

REPO = Path(__file__).resolve().parents[1]
EXTENSION = REPO / "vscode-extension"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# Groups (one nested in another, one with its own dependencies), a task depending on a group, a
# group depending on a task, a `+task` reference of a decorator task and one DAG Factory passes on
# as text (an operator task's), an unknown dependency (no edge) and a cycle (both edges).
WORKFLOW = """\
etl:
  schedule: "0 6 * * 1-5"
  start_date: 2025-01-01
  default_args:
    trigger_rule: all_done
  task_groups:
    - group_name: warehouse
    - group_name: transform
      parent_group_name: warehouse
      dependencies: [extract]
  tasks:
    - task_id: extract
      operator: airflow.providers.standard.operators.empty.EmptyOperator
    - task_id: clean
      decorator: airflow.sdk.task
      task_group_name: transform
      python_callable_name: clean
      python_callable_file: /dags/clean.py
      rows: +extract
    - task_id: aggregate
      operator: airflow.providers.standard.operators.empty.EmptyOperator
      task_group_name: transform
      trigger_rule: none_failed
      dependencies: [clean, missing_task]
    - task_id: load
      operator: airflow.providers.standard.operators.empty.EmptyOperator
      task_group_name: warehouse
      dependencies: [transform, clean]
      doc_md: "+clean"
    - task_id: report
      operator: airflow.providers.standard.operators.empty.EmptyOperator
      dependencies: [warehouse, notify]
    - task_id: notify
      operator: airflow.providers.standard.operators.empty.EmptyOperator
      dependencies: [report]
second:
  schedule: "@daily"
  start_date: 2025-01-01
  tasks:
    - task_id: only
      operator: airflow.providers.standard.operators.empty.EmptyOperator
"""


@pytest.fixture(scope="module")
def result():
    return lint_text("dags/etl.yml", WORKFLOW, Project())


@pytest.fixture(scope="module")
def document(result):
    return graph_document(result)


def model_edges(result, dag_name="etl") -> list[tuple[tuple[str, str], tuple[str, str], str]]:
    """The model's own edges, read straight from `build_graph`: (kind, name) pairs, no membership."""
    dag = result.workflow.dag(dag_name)
    graph = build_graph(dag, result.workflow.document.plus_scalars)
    kind = lambda node: ("task" if type(graph.owners[node]).__name__ == "Task" else "group", graph.labels[node])  # noqa: E731
    return [
        (kind(edge.upstream), kind(edge.downstream), edge.kind)
        for edges in graph.edges_out for edge in edges if edge.kind != "member"
    ]


def drawn_pairs(result, dag_name="etl") -> set[tuple[tuple[str, str], tuple[str, str]]]:
    return {(source, target) for source, target, _ in model_edges(result, dag_name)}


def test_json_edges_are_the_model_edges(result, document):
    etl = document["dags"][0]
    edges = [((e["source_kind"], e["source"]), (e["target_kind"], e["target"]), e["kind"]) for e in etl["edges"]]
    assert sorted(edges) == sorted(model_edges(result))
    # What the fixture holds: group -> task, task -> group, +task references, the cycle.
    assert (("task", "extract"), ("group", "transform"), "dependency") in edges
    assert (("group", "transform"), ("task", "load"), "dependency") in edges
    assert (("group", "warehouse"), ("task", "report"), "dependency") in edges
    assert (("task", "extract"), ("task", "clean"), "xcom") in edges
    # `doc_md: "+clean"` of an operator task is text to DAG Factory: no edge of its own.
    assert (("task", "clean"), ("task", "load"), "xcom") not in edges
    assert (("task", "clean"), ("task", "load"), "dependency") in edges
    assert (("task", "report"), ("task", "notify"), "dependency") in edges
    assert (("task", "notify"), ("task", "report"), "dependency") in edges
    assert not any("missing_task" in (e["source"], e["target"]) for e in etl["edges"])


def test_json_nodes_groups_positions_and_details(document):
    assert document["version"] == 1
    assert [dag["id"] for dag in document["dags"]] == ["etl", "second"]
    etl = document["dags"][0]
    assert etl["schedule"] == "0 6 * * 1-5" and "Monday" in etl["schedule_description"]
    groups = {g["id"]: g for g in etl["groups"]}
    assert groups["transform"]["parent"] == "warehouse" and groups["warehouse"]["parent"] is None
    nodes = {n["id"]: n for n in etl["nodes"]}
    assert [n["id"] for n in etl["nodes"]] == ["extract", "clean", "aggregate", "load", "report", "notify"]
    assert nodes["clean"]["group"] == "transform" and nodes["load"]["group"] == "warehouse"
    assert nodes["extract"]["position"] == {"line": 12, "column": 16, "end_line": 12, "end_column": 23}
    assert nodes["extract"]["extent"]["line"] == 12 and nodes["extract"]["extent"]["end_line"] == 13
    assert nodes["aggregate"]["trigger_rule"] == "none_failed"
    assert nodes["extract"]["trigger_rule"] == "all_done"  # from default_args
    assert nodes["clean"]["operator"] is None  # a `decorator:` task
    assert nodes["clean"]["arguments"]["python_callable_name"] == "clean"
    assert nodes["clean"]["arguments"]["rows"] == "+extract"
    edge = next(e for e in etl["edges"] if e["target"] == "clean")
    assert edge["position"]["line"] == 19  # the `+extract` reference
    # The unknown dependency is an error on `aggregate`, the cycle on `report` / `notify`.
    assert "WF201" in {d["code"] for d in nodes["aggregate"]["diagnostics"]}
    assert {d["severity"] for d in nodes["aggregate"]["diagnostics"]} >= {"error"}
    assert "WF202" in {d["code"] for n in ("report", "notify") for d in nodes[n]["diagnostics"]}


def test_mermaid_draws_the_model_edges_in_subgraphs(result, document):
    text = render({**document, "dags": document["dags"][:1]}, "mermaid")
    assert text.startswith("flowchart LR\n")
    labels = dict(re.findall(r'^\s*([tg]\d+)\["([^"]*)"\]', text, re.M))
    labels.update(re.findall(r'^\s*subgraph ([tg]\d+)\["([^"]*)"\]', text, re.M))
    kinds = {node_id: ("task" if node_id[0] == "t" else "group", label) for node_id, label in labels.items()}
    edges = re.findall(r"^\s*([tg]\d+) (-->|-\.->) ([tg]\d+)$", text, re.M)
    assert {(kinds[a], kinds[b]) for a, _, b in edges} == drawn_pairs(result)
    assert len(edges) == len(drawn_pairs(result))
    arrows = {(kinds[a][1], kinds[b][1]): arrow for a, arrow, b in edges}
    assert arrows[("extract", "clean")] == "-.->"  # only a +task reference: dashed
    assert arrows[("clean", "load")] == "-->"  # a dependency as well: solid
    # `transform` is nested in `warehouse`, and `clean` sits in `transform`.
    lines = text.splitlines()
    warehouse = next(i for i, line in enumerate(lines) if '["warehouse"]' in line)
    transform = next(i for i, line in enumerate(lines) if '["transform"]' in line)
    clean = next(i for i, line in enumerate(lines) if '["clean"]' in line)
    assert warehouse < transform < clean
    assert len(lines[transform]) - len(lines[transform].lstrip()) > len(lines[warehouse]) - len(lines[warehouse].lstrip())
    assert re.search(r"^\s*class [tg0-9,]+ error$", text, re.M)


def test_mermaid_escapes_ids_it_cannot_hold():
    assert mermaid_label('a"b') == "a#quot;b"
    assert mermaid_label("x#y") == "x#35;y"
    assert mermaid_label("<b>[x]") == "#lt;b#gt;#91;x#93;"
    text = """\
odd:
  schedule: "@daily"
  start_date: 2025-01-01
  tasks:
    - task_id: end
      operator: airflow.providers.standard.operators.empty.EmptyOperator
    - task_id: 'say "hi" #1'
      operator: airflow.providers.standard.operators.empty.EmptyOperator
      dependencies: [end]
"""
    output = render(graph_document(lint_text("odd.yml", text, Project())), "mermaid")
    assert '["end"]' in output and '["say #quot;hi#quot; #35;1"]' in output
    assert not re.search(r"^\s*end\s*-->", output, re.M)  # ids are generated, never the task id


def test_dot_draws_the_model_edges_in_clusters(result, document):
    text = render({**document, "dags": document["dags"][:1]}, "dot")
    labels = dict(re.findall(r'^\s*(t\d+) \[label="([^"]*)"', text, re.M))
    kinds = {node_id: ("task", label) for node_id, label in labels.items()}
    for group_id, label in re.findall(r'subgraph cluster_(g\d+) \{\n\s*label="([^"]*)"', text):
        kinds[group_id] = ("group", label)
    edges = re.findall(r"^\s*([tg]\d+) -> ([tg]\d+)", text, re.M)
    assert {(kinds[a], kinds[b]) for a, b in edges} == drawn_pairs(result)
    assert len(edges) == len(drawn_pairs(result))
    assert re.search(r"-> g\d+ \[lhead=cluster_g\d+", text)  # extract -> transform ends at the cluster
    assert re.search(r"^\s*g\d+ -> t\d+ \[ltail=cluster_g\d+", text, re.M)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz (`dot`) is not installed (scripts/test.sh installs it)")
def test_graphviz_accepts_the_dot_output(document, tmp_path):
    for doc in (document, {**document, "dags": document["dags"][:1]}):
        completed = subprocess.run(["dot", "-Tsvg"], input=render(doc, "dot"), capture_output=True, text=True, timeout=60)
        assert completed.returncode == 0, completed.stderr
        assert completed.stderr.strip() == "", completed.stderr
        assert completed.stdout.count('class="node"') >= 6


def test_html_is_self_contained(document):
    page = render(document, "html")
    assert "<script src" not in page and "<link" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", page)
    assert "@dagrejs/dagre" in page  # the layout library is inside the bundle
    data = re.search(r'<script type="application/json" id="wflint-graph-data">(.*?)</script>', page, re.S).group(1)
    assert json.loads(data) == document


def test_html_cannot_be_broken_out_of_by_an_id():
    text = """\
x:
  schedule: "@daily"
  start_date: 2025-01-01
  tasks:
    - task_id: "</script><script>alert(1)</script>"
      operator: airflow.providers.standard.operators.empty.EmptyOperator
"""
    page = render(graph_document(lint_text("x.yml", text, Project())), "html")
    assert "<script>alert(1)" not in page


def dump_dom(path: Path) -> str:
    completed = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--no-first-run", "--virtual-time-budget=20000", "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=180,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (the e2e setup installs Debian's chromium)")
def test_html_page_draws_the_nodes_and_edges_in_chromium(result, document, tmp_path):
    page = tmp_path / "etl.html"
    page.write_text(render({**document, "dags": document["dags"][:1]}, "html"), encoding="utf-8")
    dom = dump_dom(page)
    assert 'data-state="drawn"' in dom, dom[-2000:]
    nodes = re.findall(r'<g class="wf-node[^"]*" data-key="t:([^"]+)"', dom)
    edges = re.findall(r'<path class="wf-edge[^"]*" data-source="([^"]+)" data-target="([^"]+)"', dom)
    assert sorted(nodes) == sorted(n["id"] for n in document["dags"][0]["nodes"])
    assert len(edges) == len(drawn_pairs(result))
    as_key = lambda end: f"{'t' if end[0] == 'task' else 'g'}:{end[1]}"  # noqa: E731
    assert set(edges) == {(as_key(a), as_key(b)) for a, b in drawn_pairs(result)}
    assert len(re.findall(r'<g class="wf-group"', dom)) == 2
    assert re.search(r'<g class="wf-node wf-error" data-key="t:aggregate"', dom)
    assert 'data-nodes="6"' in dom and f'data-edges="{len(edges)}"' in dom


def test_cli_writes_each_format(tmp_path, capsys):
    from wflint.cli import main

    workflow = tmp_path / "etl.yml"
    workflow.write_text(WORKFLOW, encoding="utf-8")
    assert main(["graph", str(workflow), "--dag", "second", "--format", "mermaid"]) == 0
    assert capsys.readouterr().out == 'flowchart LR\n    t0["only"]\n    classDef error stroke:#d1242f,stroke-width:3px\n    classDef warning stroke:#bf8700,stroke-width:3px\n'
    out = tmp_path / "etl.json"
    assert main(["graph", str(workflow), "-f", "json", "-o", str(out)]) == 0
    assert [dag["id"] for dag in json.loads(out.read_text())["dags"]] == ["etl", "second"]
    assert main(["graph", str(workflow), "-f", "dot"]) == 0
    assert capsys.readouterr().out.startswith("digraph wflint {")
    assert main(["graph", str(workflow), "--dag", "nope"]) == 2
    assert "no DAG `nope` (DAGs: etl, second)" in capsys.readouterr().err
    other = tmp_path / "compose.yml"
    other.write_text("services:\n  web:\n    image: nginx\n", encoding="utf-8")
    assert main(["graph", str(other)]) == 2
    assert main(["graph", str(tmp_path / "absent.yml")]) == 2


def test_graph_of_a_half_typed_file_does_not_crash(tmp_path):
    from wflint.cli import main

    workflow = tmp_path / "broken.yml"
    workflow.write_text("etl:\n  tasks:\n    - task_id: a\n      dependencies: [b\n", encoding="utf-8")
    assert main(["graph", str(workflow), "-f", "json", "-o", str(tmp_path / "out.json")]) in (0, 2)


def test_the_renderer_bundle_is_shipped_in_the_package():
    from wflint.graphs.formats import renderer_source

    source = renderer_source()
    assert source.startswith("/* wflint graph renderer") and len(source) > 20_000


@pytest.mark.skipif(
    not (EXTENSION / "node_modules" / "esbuild").is_dir()
    or not (EXTENSION / "node_modules" / "@dagrejs" / "dagre" / "package.json").is_file()
    or shutil.which("node") is None,
    reason="the extension's Node packages are not installed (npm ci in vscode-extension/)",
)
def test_the_committed_renderer_bundle_is_current():
    """lint/graphs/renderer.min.js is what vscode-extension/webview/ builds (npm run build:renderer)."""
    completed = subprocess.run(["node", "scripts/build-renderer.mjs", "--check"], cwd=EXTENSION,
                               capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr + completed.stdout


def test_graph_command_keeps_the_start_up_path_lazy():
    code = ("import sys; from wflint import cli; cli.build_parser(); import wflint.commands.graph; "
            "print(sorted(m for m in sys.modules if m.startswith('wflint.graphs') or m in ('jinja2', 'pygls', 'croniter')))")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "[]"


def test_the_bundle_is_declared_as_package_data():
    """A non-editable install (`pip install .`) ships the renderer next to the formats."""
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "wflint.graphs" in config["packages"]
    assert "renderer.min.js" in config["package-data"]["wflint.graphs"]
    assert (REPO / "lint" / "graphs" / "renderer.min.js").is_file()
