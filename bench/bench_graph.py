"""Time to draw a generated 1,000-task DAG in headless Chromium (`wflint graph --format html`).

    python bench/bench_graph.py [--runs 3]

Three shapes of 1,001 tasks: 40 task groups of 25 (each a small ETL whose steps depend on the
few before them) as the page opens them (groups collapsed, as Airflow's graph view does for a
large DAG) and with every group expanded; the same tasks without groups; and a stress case whose
dependencies reach up to 30 tasks back (long edges, which dagre pays for). The figure is what the
page itself measures around layout and SVG drawing (`data-draw-ms`), plus Chromium's whole run
(start, parse, draw, dump) in wall-clock and CPU seconds.
The machine's load counts: it is printed alongside.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def pipelines(groups: bool, n_groups: int = 40, per: int = 25) -> str:
    rng = random.Random(7)
    out = ["big:", "  schedule: '@daily'", "  start_date: 2025-01-01"]
    if groups:
        out.append("  task_groups:")
        out.extend(f"    - group_name: source_{g}" for g in range(n_groups))
    out.append("  tasks:")

    def task(task_id: str, group: str | None, deps: list[str]) -> None:
        out.append(f"    - task_id: {task_id}")
        out.append("      operator: airflow.providers.standard.operators.empty.EmptyOperator")
        if group and groups:
            out.append(f"      task_group_name: {group}")
        if deps:
            out.append(f"      dependencies: [{', '.join(deps)}]")

    task("start", None, [])
    for g in range(n_groups):
        names = [f"s{g}_t{i}" for i in range(per)]
        task(names[0], f"source_{g}", ["start"])
        for i in range(1, per - 1):
            task(names[i], f"source_{g}", sorted({names[rng.randrange(max(0, i - 4), i)] for _ in range(rng.choice([1, 1, 2]))}))
        task(names[-1], f"source_{g}", names[per - 6 : per - 1])
    return "\n".join(out) + "\n"


def long_edges(n: int = 1001) -> str:
    rng = random.Random(7)
    out = ["big:", "  schedule: '@daily'", "  start_date: 2025-01-01", "  tasks:"]
    for i in range(n):
        out.append(f"    - task_id: task_{i}")
        out.append("      operator: airflow.providers.standard.operators.empty.EmptyOperator")
        if i:
            deps = sorted({rng.randrange(max(0, i - 30), i) for _ in range(rng.choice([1, 1, 2]))})
            out.append(f"      dependencies: [{', '.join(f'task_{d}' for d in deps)}]")
    return "\n".join(out) + "\n"


def draw(chromium: str, page: Path) -> tuple[float, float, float, str]:
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    dom = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--virtual-time-budget=60000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=600, check=True,
    ).stdout
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    drawn = re.search(r'data-draw-ms="([0-9.]+)"', dom)
    nodes = re.search(r'data-nodes="(\d+)"', dom)
    edges = re.search(r'data-edges="(\d+)"', dom)
    return float(drawn.group(1)) if drawn else float("nan"), wall, cpu, f"{nodes.group(1) if nodes else '?'} nodes, {edges.group(1) if edges else '?'} edges"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("bench_graph: Chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 2
    from wflint.engine import Project, lint_text
    from wflint.graphs.export import graph_document
    from wflint.graphs.formats import html

    cases = {
        "40 groups x 25, groups collapsed (as opened)": (pipelines(True), False),
        "40 groups x 25, every group expanded": (pipelines(True), True),
        "1,001 tasks, no groups": (pipelines(False), False),
        "1,001 tasks, edges up to 30 back (stress)": (long_edges(), False),
    }
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; {args.runs} runs each; median")
    with tempfile.TemporaryDirectory() as folder:
        for name, (text, expand) in cases.items():
            document = graph_document(lint_text("big.yml", text, Project()))
            page = html(document)
            if expand:  # open with every group expanded: the page's own button, pressed on load
                page = page.replace("</body>", "<script>addEventListener('load',()=>document.querySelector('.wf-expand').click())</script></body>")
            path = Path(folder) / "big.html"
            path.write_text(page, encoding="utf-8")
            runs = [draw(chromium, path) for _ in range(args.runs)]
            drawn = statistics.median(r[0] for r in runs)
            wall = statistics.median(r[1] for r in runs)
            cpu = statistics.median(r[2] for r in runs)
            print(f"{name:46s} drawn in {drawn:6.0f} ms (whole Chromium run {wall:4.1f} s wall, {cpu:4.1f} s CPU; {runs[-1][3]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
