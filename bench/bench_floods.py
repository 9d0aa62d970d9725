"""Files that flood the output (issue 19): time and size of `wflint check` in every format.

    python bench/bench_floods.py

Before the output bounds: 20,000 duplicate keys on one 120 KB line wrote more than 2 GB of text
(JSON 13.5 MB); 150,000 unknown dependencies in 300 KB took 10 s and 921 MB for JSON, SARIF
> 400 MB. Target: under 2 s each, a report of at most a few MB. Asserts nothing.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOODS = {
    "dup-keys-one-line.yml": "etl: {tasks: [], " + ", ".join(["a: 1"] * 20_000) + "}\n",
    "150k-unknown-deps.yml": "etl:\n  tasks:\n    - task_id: t\n"
    "      operator: airflow.providers.standard.operators.empty.EmptyOperator\n      dependencies: ["
    + ",".join(["x"] * 150_000) + "]\n",
    "3k-unknown-keys.yml": "etl:\n  tasks: []\n" + "".join(f"  key_{i}: 1\n" for i in range(3000)),
}


def main() -> None:
    wflint = Path(sys.executable).parent / "wflint"
    with tempfile.TemporaryDirectory() as folder:
        for name, text in FLOODS.items():
            path = Path(folder) / name
            path.write_text(text, encoding="utf-8")
            for fmt in ("text", "json", "sarif", "github"):
                started = time.perf_counter()
                done = subprocess.run([str(wflint), "check", "--no-cache", "--format", fmt, str(path)],
                                      capture_output=True, check=False)
                elapsed = time.perf_counter() - started
                print(f"{name:24} {len(text) / 1e3:6.0f} KB  {fmt:6} {elapsed:5.2f} s  "
                      f"{len(done.stdout) / 1e3:8.1f} KB out  exit {done.returncode}")


if __name__ == "__main__":
    main()
