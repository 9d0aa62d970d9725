"""Benchmarks of `wflint check`, each against a baseline measured in the same run.

    python bench/bench_check.py [--tasks 1000] [--repeat 7]

Prints medians and ratios; asserts nothing (figures for the closing notes, not a test). Whole-process
figures are for `--no-cache` (every file linted) and for a second run answered by the result cache;
run it from a non-editable install (`pip install .` into a fresh venv) for the figures users see.
Targets (issue 2): wflint at least 10x faster than yamllint on a 1,000-task file, and within
4x of a bare libyaml parse; `wflint check` on one small file within 2x of yamllint's start-up
(issue 4). Graph (issue 3): a 10,000-task chain and a 2,000-task fan-in well under a second.
Target versions (issue 12): linting through the catalog at the target (wflint.target.CatalogView)
costs at most 10 % more than asking the catalog directly, as before; for the MWAA Serverless target
too, where the shipped release histories answer.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import workflow  # noqa: E402

BIN = Path(sys.executable).parent


def median_seconds(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# Processes run as on a user's machine, where pip has compiled every module: without
# PYTHONDONTWRITEBYTECODE (which some shells set), and after one warm-up run that writes any
# missing .pyc files (an editable install has none until then).
PROCESS_ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "WFLINT_NO_CACHE")}


def run_process(command: list[str]):
    def run():
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=PROCESS_ENV)

    run()
    return run


def bare_parse(text: str):
    from _ruamel_yaml import CParser
    from ruamel.yaml.resolver import BaseResolver

    class Composer(CParser, BaseResolver):
        def __init__(self, stream):
            CParser.__init__(self, stream)
            BaseResolver.__init__(self)

    return lambda: Composer(text).get_single_node()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    from wflint.engine import Project, lint_text

    folder = Path(tempfile.mkdtemp(prefix="wflint-bench-"))
    try:
        (folder / ".git").mkdir()
        big = folder / "big.yml"
        big.write_text(workflow(args.tasks))
        small = folder / "small.yml"
        small.write_text(workflow(5, groups=1))
        text = big.read_text()
        print(f"file: {args.tasks} tasks, {len(text):,} bytes, {text.count(chr(10)):,} lines; median of {args.repeat} runs\n")

        project = Project()
        lint_text(str(big), text, project)  # warm: catalogs and rule modules loaded once, as in a server
        in_process = median_seconds(lambda: lint_text(str(big), text, Project()), args.repeat)
        parse = median_seconds(bare_parse(text), args.repeat)
        print("in process")
        print(f"  bare libyaml compose (ruamel C)     {parse * 1000:8.1f} ms")
        print(f"  wflint lint_text (all rules)        {in_process * 1000:8.1f} ms   {in_process / parse:5.2f}x the bare parse (target <= 4x)")

        cache = ["--cache-dir", str(folder / "cache")]
        wflint = [str(BIN / "wflint"), "check", "-q", "--no-source", "--no-cache", str(big)]
        wflint_cached = [str(BIN / "wflint"), "check", "-q", "--no-source", *cache, str(big)]
        bare = [sys.executable, "-c", "import sys, _ruamel_yaml; _ruamel_yaml.CParser(open(sys.argv[1]).read()).get_event()"
                "; p = _ruamel_yaml.CParser(open(sys.argv[1]).read())\nwhile type(p.get_event()).__name__ != 'StreamEndEvent': pass",
                str(big)]
        yamllint = shutil.which("yamllint", path=str(BIN)) or shutil.which("yamllint")
        process_wflint = median_seconds(run_process(wflint), args.repeat)
        process_cached = median_seconds(run_process(wflint_cached), args.repeat)  # the warm-up run fills the cache
        process_bare = median_seconds(run_process(bare), args.repeat)
        print(f"\nwhole process (start-up included; {_install_kind()})")
        print(f"  python + bare libyaml parse         {process_bare * 1000:8.1f} ms")
        print(f"  wflint check --no-cache             {process_wflint * 1000:8.1f} ms   {process_wflint / process_bare:5.2f}x the bare parse")
        print(f"  wflint check, result cached         {process_cached * 1000:8.1f} ms   {process_cached / process_bare:5.2f}x the bare parse")
        if yamllint:
            process_yamllint = median_seconds(run_process([yamllint, str(big)]), max(3, args.repeat // 2))
            print(f"  yamllint                            {process_yamllint * 1000:8.1f} ms   wflint is {process_yamllint / process_wflint:5.1f}x faster"
                  f" without its cache, {process_yamllint / process_cached:5.1f}x with it (target >= 10x)")
            small_yamllint = median_seconds(run_process([yamllint, str(small)]), args.repeat)
            small_wflint = median_seconds(run_process([str(BIN / "wflint"), "check", "-q", "--no-cache", str(small)]), args.repeat)
            print("\nsmall file (start-up)")
            print(f"  yamllint                            {small_yamllint * 1000:8.1f} ms")
            print(f"  wflint check --no-cache             {small_wflint * 1000:8.1f} ms   {small_wflint / small_yamllint:5.2f}x yamllint (target <= 2x)")
        else:
            print("  yamllint not installed: pip install yamllint to compare")

        # A ratio near 1 needs more rounds than the timings above to stand out of the noise.
        _target_lookup(str(big), text, max(args.repeat, 15))

        from wflint.config import Config

        graph_only = Config(select=("WF2",))
        print("\ndependency graph (in process)       all rules   graph rules (WF2xx) only")
        for label, source in (("10,000-task chain", _chain(10_000)), ("2,000-task fan-in", _fan_in(2_000))):
            every = median_seconds(lambda: lint_text("graph.yml", source, Project()), 3)
            graph = median_seconds(lambda: lint_text("graph.yml", source, Project(), config=graph_only), 3)
            print(f"  {label:<34}{every * 1000:8.1f} ms   {graph * 1000:8.1f} ms")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def _target_lookup(path: str, text: str, repeat: int) -> None:
    """The same file linted with operator knowledge asked directly of the catalog (the code before
    issue 12) and through the catalog at the target; both in this run, alternating."""
    import wflint.operators as operators
    from wflint.config import Config
    from wflint.engine import Project, lint_text

    view_at_target = operators.catalog_for

    def direct(ctx):  # operators.catalog_for before issue 12
        return ctx.project.catalog_for(ctx.config)

    def measure(before_project, after_project):
        """Medians of the two ways, run alternately (so drift and warm-up hit both alike)."""
        times = {direct: [], view_at_target: []}
        try:
            for use, make in ((direct, before_project), (view_at_target, after_project)):
                operators.catalog_for = use
                lint_text(path, text, make())  # warm
            for round_ in range(repeat):
                pairs = ((direct, before_project), (view_at_target, after_project))
                for use, make in pairs if round_ % 2 else pairs[::-1]:
                    operators.catalog_for = use
                    gc.collect()
                    started = time.perf_counter()
                    lint_text(path, text, make())
                    times[use].append(time.perf_counter() - started)
        finally:
            operators.catalog_for = view_at_target
        return statistics.median(times[direct]), statistics.median(times[view_at_target])

    print("\ntarget versions (in process, 1 file)  catalog asked directly   at the target    ratio (target <= 1.10)")
    before, after = measure(Project, Project)
    print(f"  no target, shipped catalogs        {before * 1000:8.1f} ms          {after * 1000:8.1f} ms   {after / before:5.2f}")
    releases = _release_catalog()
    from wflint.target import CatalogView, resolve

    mwaa = Config(profile="mwaa-serverless")
    # Before: one catalog of the target's releases, asked directly (the same verdicts).
    single = releases.at(CatalogView(releases, resolve(mwaa)).judged_versions())
    before, after = measure(lambda: Project(mwaa, catalog=single), lambda: Project(mwaa, catalog=releases))
    print(f"  mwaa-serverless, shipped releases  {before * 1000:8.1f} ms          {after * 1000:8.1f} ms   {after / before:5.2f}")


def _release_catalog():
    from wflint.catalog import Catalog

    return Catalog.default()


def _install_kind() -> str:
    import wflint

    package = Path(wflint.__file__).resolve().parent
    editable = package == Path(__file__).resolve().parents[1] / "lint"  # the source folder itself
    return "editable install: its import hook adds a few ms" if editable else "installed package"


def _chain(n: int) -> str:
    lines = ["etl:", "  schedule: '@daily'", "  tasks:"]
    for i in range(n):
        lines += [f"    - task_id: t{i}", "      operator: airflow.providers.standard.operators.empty.EmptyOperator"]
        if i:
            lines.append(f"      dependencies: [t{i - 1}]")
    return "\n".join(lines) + "\n"


def _fan_in(n: int) -> str:
    lines = ["etl:", "  schedule: '@daily'", "  tasks:"]
    for i in range(n):
        lines += [f"    - task_id: s{i}", "      operator: airflow.providers.standard.operators.empty.EmptyOperator"]
    lines += ["    - task_id: sink", "      operator: airflow.providers.standard.operators.empty.EmptyOperator", "      dependencies:"]
    lines += [f"        - s{i}" for i in range(n)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
