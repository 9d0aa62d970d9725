"""Dict-form task lists (`tasks:` as a mapping keyed by task id) lint in linear time (issue 19).

    python bench/bench_dict_form.py [--tasks 12500 50000]

Lints the same generated workflow in dict form and in list form at each size, in process, and
prints seconds, megabytes and the time per task. Before the fix 50,000 dict-form tasks (7.7 MB)
took 547 s (Merged._sub scanned the whole mapping once per task); the target is under 10 s and
4x the tasks in at most ~4x the time. Asserts nothing (figures for the closing notes).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import workflow  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, nargs="+", default=[12_500, 50_000])
    args = parser.parse_args()
    from wflint.engine import Project, lint_text

    for tasks in args.tasks:
        for dict_form in (True, False):
            text = workflow(tasks, dict_form=dict_form)
            started = time.perf_counter()
            result = lint_text("bench.yml", text, Project())
            elapsed = time.perf_counter() - started
            assert len(result.workflow.dags[0].tasks) == tasks
            form = "dict" if dict_form else "list"
            print(f"{tasks:>7} tasks {form:4} form {len(text) / 1e6:6.1f} MB  {elapsed:7.2f} s  "
                  f"{elapsed / tasks * 1e6:6.1f} us/task  {len(result.diagnostics)} diagnostics")


if __name__ == "__main__":
    main()
