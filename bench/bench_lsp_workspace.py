"""The language server's workspace index, measured from a client process over stdio.

    python bench/bench_lsp_workspace.py [--files 500] [--edits 12] [--python PYTHON]

Generates a workspace of N workflow files (each a DAG of 12 tasks; triggers, external-task
sensors and assets across files), starts `wflint.lsp` with it as the root, opens one file and
reports:
1. the time from didOpen to the open file's first diagnostics, with the workspace being indexed
   and, for comparison, in an empty workspace (target: the index does not delay them);
2. the time from `initialized` until every file is indexed (target: 500 files in under 5 s);
3. the time until the open file's project diagnostics (WF6xx) arrive;
4. with the index ready, edits that change the open file's facts (its trigger's target), each
   followed by a run of the project rules over the whole index: the time from didChange to that
   version's first diagnostics, and the latency of completion requests sent one after another
   for a second after each edit (they never wait for a lint: what they wait for is the event
   loop, which a run of the project rules on it would hold).

`--python` runs the server of another checkout (e.g. `--python ../main/.venv/bin/python`, the
code before the project rules moved to the lint thread) for a before/after comparison.

Prints figures; asserts nothing (timings belong here, not in tests).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient


def dag_file(n: int, total: int) -> str:
    lines = [f"dag_{n}:", f'  schedule: ["s3://lake/asset_{(n - 1) % total}"]' if n % 3 == 0 else '  schedule: "@daily"',
             "  start_date: 2024-01-01", "  tasks:"]
    for t in range(12):
        lines.append(f"    - task_id: task_{t}")
        if t == 10:
            lines += ["      operator: airflow.providers.standard.operators.trigger_dagrun.TriggerDagRunOperator",
                      f"      trigger_dag_id: dag_{(n + 7) % (total + 1)}"]  # one names a missing DAG
        elif t == 11:
            lines += ["      operator: airflow.providers.standard.sensors.external_task.ExternalTaskSensor",
                      f"      external_dag_id: dag_{(n + 3) % total}", "      external_task_id: task_2",
                      "      mode: reschedule"]
        else:
            lines += ["      operator: airflow.providers.standard.operators.bash.BashOperator",
                      f'      bash_command: "echo {n} {t}"']
            if t == 2:
                lines.append(f'      outlets: ["s3://lake/asset_{n}"]')
        if t:
            lines.append(f"      dependencies: [task_{t - 1}]")
    return "\n".join(lines) + "\n"


class Client:
    def __init__(self, python: str = sys.executable, edits: int = 0) -> None:
        self.client = LanguageClient("wflint-bench", "1")
        self.python = python
        self.edits = edits
        self.first: dict[str, float] = {}
        self.project: dict[str, float] = {}
        self.versions: dict[int, float] = {}  # the open file's version -> its first publish

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_publish(params: types.PublishDiagnosticsParams) -> None:
            now = time.perf_counter()
            self.first.setdefault(params.uri, now)
            if params.version is not None:
                self.versions.setdefault(params.version, now)
            if any(str(d.code).startswith("WF6") for d in params.diagnostics):
                self.project.setdefault(params.uri, now)

    async def run(self, root: Path, opened: Path) -> dict:
        await self.client.start_io(self.python, "-m", "wflint.lsp")
        await self.client.initialize_async(types.InitializeParams(
            capabilities=types.ClientCapabilities(), root_uri=root.as_uri()))
        started = time.perf_counter()
        self.client.initialized(types.InitializedParams())
        uri = opened.as_uri()
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=opened.read_text())))
        figures: dict = {}
        while True:
            info = await self.client.protocol.send_request_async("wflint/debug", {})
            index = info["index"] if isinstance(info, dict) else info.index
            ready = index["ready"] if isinstance(index, dict) else index.ready
            if ready:
                figures["indexed_s"] = time.perf_counter() - started
                figures["server_s"] = index["seconds"] if isinstance(index, dict) else index.seconds
                figures["files"] = index["files"] if isinstance(index, dict) else index.files
                break
            await asyncio.sleep(0.02)
        for _ in range(200):
            if uri in self.first:
                break
            await asyncio.sleep(0.02)
        figures["first_diagnostics_s"] = self.first.get(uri, float("nan")) - started
        for _ in range(250):
            if uri in self.project:
                break
            await asyncio.sleep(0.02)
        figures["project_diagnostics_s"] = self.project.get(uri, float("nan")) - started
        if self.edits:
            figures.update(await self.edit(uri, opened.read_text()))
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()
        return figures


    async def edit(self, uri: str, text: str) -> dict:
        """Edits changing the trigger's target (so the facts change and the project rules run
        again); after each, completion requests back to back for a second."""
        to_first: list[float] = []
        latencies: list[float] = []
        worst: list[float] = []  # each edit's slowest request
        position = None
        for number, line in enumerate(text.splitlines()):
            if "trigger_dag_id:" in line:
                position = types.Position(line=number, character=len(line))
        for round_ in range(self.edits):
            version = round_ + 2
            edited = text.replace("trigger_dag_id: dag_", f"trigger_dag_id: dag_{round_ % 2}", 1)
            sent = time.perf_counter()
            self.client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=edited)]))
            these = []
            while time.perf_counter() - sent < 1.0:
                asked = time.perf_counter()
                await self.client.text_document_completion_async(types.CompletionParams(
                    text_document=types.TextDocumentIdentifier(uri=uri), position=position))
                these.append(time.perf_counter() - asked)
                await asyncio.sleep(0.005)
            latencies += these
            worst.append(max(these))
            for _ in range(250):
                if version in self.versions:
                    break
                await asyncio.sleep(0.02)
            to_first.append(self.versions.get(version, float("nan")) - sent)
        latencies.sort()
        info = await self.client.protocol.send_request_async("wflint/debug", {})
        index = info["index"] if isinstance(info, dict) else info.index
        run_s = index.get("projectRunSeconds") if isinstance(index, dict) else getattr(index, "projectRunSeconds", None)
        return {"run_ms": run_s * 1000 if run_s is not None else float("nan"),"edit_first_ms": statistics.median(to_first) * 1000, "edit_first_max_ms": max(to_first) * 1000,
                "request_p50_ms": latencies[len(latencies) // 2] * 1000,
                "request_p99_ms": latencies[int(len(latencies) * 0.99)] * 1000,
                "request_max_ms": latencies[-1] * 1000, "requests": len(latencies),
                "worst_median_ms": statistics.median(worst) * 1000}


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--edits", type=int, default=12, help="edits after indexing (0: none)")
    parser.add_argument("--python", default=sys.executable, help="the interpreter whose wflint.lsp to run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "workspace"
        for n in range(args.files):
            folder = root / f"team_{n % 10}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"dag_{n}.yaml").write_text(dag_file(n, args.files))
        opened = root / "team_0" / "dag_0.yaml"
        alone = Path(tmp) / "alone"
        alone.mkdir()
        (alone / "dag_0.yaml").write_text(opened.read_text())
        baseline = await Client(args.python).run(alone, alone / "dag_0.yaml")
        figures = await Client(args.python, args.edits).run(root, opened)
    print(f"workspace of {args.files} files ({figures['files'] + 1} indexed incl. the open one)")
    print(f"  indexed in {figures['indexed_s']:.2f} s from `initialized` (server's own count {figures['server_s']:.2f} s;"
          f" target < 5 s: {figures['indexed_s'] / 5:.0%} of it)")
    print(f"  open file's first diagnostics after {figures['first_diagnostics_s'] * 1000:.0f} ms"
          f" (alone in its workspace: {baseline['first_diagnostics_s'] * 1000:.0f} ms)")
    print(f"  open file's project diagnostics (WF6xx) after {figures['project_diagnostics_s']:.2f} s")
    if args.edits:
        print(f"  {args.edits} edits changing the open file's facts (each re-runs the project rules,"
              f" the last run {figures['run_ms']:.0f} ms):")
        print(f"    didChange -> that version's first diagnostics: median {figures['edit_first_ms']:.0f} ms,"
              f" max {figures['edit_first_max_ms']:.0f} ms")
        print(f"    completion latency in the second after each edit ({figures['requests']} requests):"
              f" p50 {figures['request_p50_ms']:.1f} ms, p99 {figures['request_p99_ms']:.1f} ms,"
              f" max {figures['request_max_ms']:.1f} ms; an edit's slowest request: median {figures['worst_median_ms']:.1f} ms")


if __name__ == "__main__":
    asyncio.run(main())
