"""What the Jinja rules (WF4xx) cost: `lint_text` on a generated 1,000-task workflow with them
and without them (`Config(ignore=("WF4",))`), measured in the same run.

    python bench/bench_jinja.py [--tasks 1000] [--repeat 15]

Prints medians and the overhead; the target (issue: Jinja templates) is at most +30%.
Both runs share one warm Project, as in the language server: catalogs are loaded once and
template analyses are memoised per string, so the figures are the steady state of an editor
re-linting a document.  A cold first run is printed too.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import workflow  # noqa: E402


def timed(action) -> float:
    """CPU seconds of this process: other work on a shared machine does not count."""
    gc.collect()  # garbage from the previous run is not charged to this one
    started = time.process_time()
    action()
    return time.process_time() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    from wflint.config import Config
    from wflint.engine import Project, lint_text
    from wflint.jinja.analysis import analyze_template

    text = workflow(args.tasks)
    path = "/nonexistent/bench/generated.yml"  # no config, no defaults.yml, no template files
    with_jinja, without_jinja = Config(), Config(ignore=("WF4",))
    project = Project()

    analyze_template.cache_clear()
    started = time.process_time()
    result = lint_text(path, text, project, config=with_jinja)
    cold = time.process_time() - started
    codes = sorted({d.code for d in result.diagnostics if d.code.startswith("WF4")})
    lint_text(path, text, project, config=without_jinja)  # warm both configurations

    # Interleave the two so that drift (other processes on the machine) hits both alike, and
    # judge the overhead on the median of the paired ratios.
    on, off, ratios = [], [], []
    for _ in range(args.repeat):
        off.append(timed(lambda: lint_text(path, text, project, config=without_jinja)))
        on.append(timed(lambda: lint_text(path, text, project, config=with_jinja)))
        ratios.append(on[-1] / off[-1])
    overhead = statistics.median(ratios) - 1

    print(f"file: {args.tasks} tasks, {len(text):,} bytes; {args.repeat} interleaved runs each, CPU time (median / fastest)")
    print(f"  lint_text without WF4xx          {statistics.median(off) * 1000:8.1f} / {min(off) * 1000:6.1f} ms")
    print(f"  lint_text with WF4xx             {statistics.median(on) * 1000:8.1f} / {min(on) * 1000:6.1f} ms")
    print(f"  overhead of WF4xx (median of paired ratios)  {overhead:+.1%}   fastest vs fastest {min(on) / min(off) - 1:+.1%}   (target <= +30%)")
    print(f"  first run with WF4xx (cold)      {cold * 1000:8.1f} ms   (template analyses not yet memoised)")
    print(f"  WF4xx findings: {len([d for d in result.diagnostics if d.code.startswith('WF4')])} ({', '.join(codes) or 'none'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
