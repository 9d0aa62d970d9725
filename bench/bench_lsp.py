"""Language server benchmarks, measured from a client process over stdio.

    python bench/bench_lsp.py [--quick] [--profile mwaa-serverless]

1. didChange -> publishDiagnostics latency on a generated 300-task workflow (target: at most
   100 ms beyond the debounce delay); the same while a line is half typed (`sourc`), when the
   core lints the document with the broken line cut out (wflint.yaml.recovery), same target;
2. completion latency on a 1,000-task workflow (target: p95 <= 50 ms);
3. server RSS with 500 open workflow files (target: <= 150 MB, VmRSS from /proc).

With --profile, the workspace's wflint.toml names that deploy-target profile, so every answer comes
from the catalogs of the target's releases (Airflow 3.0.6 / amazon 9.30.0 for mwaa-serverless).
Prints figures and their ratio to the targets; asserts nothing (timings belong here, not in tests).
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

DEBOUNCE_MS = 150
OPERATORS = (
    ("airflow.providers.standard.operators.bash.BashOperator", "bash_command: \"echo {{{{ ds }}}} {n}\""),
    ("airflow.providers.amazon.aws.operators.s3.S3CreateObjectOperator", "s3_bucket: bucket-{n}\n      s3_key: key/{n}\n      data: x"),
    ("airflow.providers.standard.operators.empty.EmptyOperator", "retries: {r}"),
)


def workflow(tasks: int, name: str = "bench_dag") -> str:
    lines = [f"{name}:", '  schedule: "0 6 * * 1-5"', "  start_date: 2024-01-01", "  default_args:", "    retries: 2",
             "  task_groups:"]
    groups = max(1, tasks // 50)
    lines += [f"    - group_name: group_{g}" for g in range(groups)]
    lines.append("  tasks:")
    for n in range(tasks):
        operator, arguments = OPERATORS[n % len(OPERATORS)]
        lines.append(f"    - task_id: task_{n}")
        lines.append(f"      operator: {operator}")
        lines.append("      " + arguments.format(n=n, r=n % 5))
        if n:
            lines.append(f"      dependencies: [task_{n - 1}]")
        lines.append(f"      task_group_name: group_{n % groups}")
    return "\n".join(lines) + "\n"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Client:
    def __init__(self) -> None:
        self.client = LanguageClient("wflint-bench", "1")
        self.published: dict[tuple[str, int | None], float] = {}
        self.waiters: dict[tuple[str, int | None], asyncio.Future] = {}
        self.last_diagnostics: dict[str, list] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_publish(params: types.PublishDiagnosticsParams) -> None:
            key = (params.uri, params.version)
            self.published[key] = time.perf_counter()
            self.last_diagnostics[params.uri] = list(params.diagnostics)
            waiter = self.waiters.pop(key, None)
            if waiter is not None and not waiter.done():
                waiter.set_result(self.published[key])

    async def start(self) -> None:
        await self.client.start_io(sys.executable, "-m", "wflint.lsp")
        await self.client.initialize_async(types.InitializeParams(
            capabilities=types.ClientCapabilities(), initialization_options={"debounce": DEBOUNCE_MS}))
        self.client.initialized(types.InitializedParams())

    @property
    def pid(self) -> int:
        return self.client._server.pid

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()

    def expect(self, uri: str, version: int) -> asyncio.Future:
        future = asyncio.get_running_loop().create_future()
        if (uri, version) in self.published:
            future.set_result(self.published[(uri, version)])
        else:
            self.waiters[(uri, version)] = future
        return future

    def open(self, uri: str, text: str, version: int = 1) -> asyncio.Future:
        future = self.expect(uri, version)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=version, text=text)))
        return future


async def diagnostics_latency(client: Client, folder: Path, rounds: int) -> list[float]:
    text = workflow(300)
    uri = (folder / "latency.yml").as_uri()
    await asyncio.wait_for(client.open(uri, text), 60)
    lines = text.splitlines()
    target_line = next(i for i, line in enumerate(lines) if line.strip() == "retries: 2")
    overheads = []
    for version in range(2, rounds + 2):
        waiting = client.expect(uri, version)
        started = time.perf_counter()
        client.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=target_line, character=13),
                                  end=types.Position(line=target_line, character=len(lines[target_line]))),
                text=str(version % 7))],
        ))
        arrived = await asyncio.wait_for(waiting, 30)
        overheads.append((arrived - started) * 1000 - DEBOUNCE_MS)
        await asyncio.sleep(0.05)
    return overheads


async def recovery_latency(client: Client, folder: Path, rounds: int) -> tuple[list[float], int]:
    """Typing a new key letter by letter into a task of the 300-task file: every version is
    broken YAML, recovered by cutting the half-typed line out. Returns the overheads beyond the
    debounce delay and the number of diagnostics of the last publish (WF001 and the rest)."""
    text = workflow(300)
    uri = (folder / "recovery.yml").as_uri()
    await asyncio.wait_for(client.open(uri, text), 60)
    lines = text.splitlines()
    operator_line = next(i for i, line in enumerate(lines) if line.strip().startswith("operator:") and i > len(lines) // 2)
    overheads = []
    typed = ""
    last = []
    for version in range(2, rounds + 2):
        if version == 2:
            change = types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=operator_line, character=len(lines[operator_line])),
                                  end=types.Position(line=operator_line, character=len(lines[operator_line]))),
                text="\n      s")
            typed = "s"
        else:
            letter = "ourcekey"[(version - 3) % 8]
            change = types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=operator_line + 1, character=6 + len(typed)),
                                  end=types.Position(line=operator_line + 1, character=6 + len(typed))),
                text=letter)
            typed += letter
        waiting = client.expect(uri, version)
        started = time.perf_counter()
        client.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=[change]))
        arrived = await asyncio.wait_for(waiting, 30)
        overheads.append((arrived - started) * 1000 - DEBOUNCE_MS)
        last = client.last_diagnostics.get(uri, [])
        await asyncio.sleep(0.05)
    return overheads, last


async def completion_latency(client: Client, folder: Path, rounds: int) -> dict[str, list[float]]:
    text = workflow(1000)
    uri = (folder / "completion.yml").as_uri()
    await asyncio.wait_for(client.open(uri, text), 120)
    lines = text.splitlines()
    middle = next(i for i, line in enumerate(lines) if line.strip() == "- task_id: task_501")
    # Positions: an argument key of an S3 task, its operator value, its dependencies, the end.
    s3_line = next(i for i in range(middle, len(lines)) if "S3CreateObjectOperator" in lines[i])
    positions = {
        "argument keys": types.Position(line=s3_line + 1, character=6),
        "operator paths": types.Position(line=s3_line, character=len(lines[s3_line])),
        "dependencies": types.Position(line=s3_line + 4, character=21),
        "template variables": types.Position(line=middle + 2, character=29),
    }
    results: dict[str, list[float]] = {}
    for name, position in positions.items():
        timings = []
        for _ in range(rounds):
            started = time.perf_counter()
            answer = await client.client.text_document_completion_async(types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=position))
            timings.append((time.perf_counter() - started) * 1000)
            assert answer is not None
        results[name] = timings
        results[name + " (items)"] = [float(len(answer.items if hasattr(answer, "items") else answer))]
    return results


async def memory_with_open_files(client: Client, folder: Path, count: int) -> tuple[float, float]:
    before = rss_mb(client.pid)
    waiting = []
    for n in range(count):
        text = workflow(10 + n % 20, name=f"dag_{n}")
        waiting.append(client.open((folder / f"wf_{n}.yml").as_uri(), text))
    await asyncio.wait_for(asyncio.gather(*waiting), 600)
    await asyncio.sleep(0.5)
    return before, rss_mb(client.pid)


def line(label: str, value: float, target: float, unit: str) -> str:
    return f"  {label:<44} {value:9.1f} {unit:<3} target {target:g} {unit:<3} ratio {value / target:5.2f}"


async def main(quick: bool, profile: str | None) -> None:
    rounds = 10 if quick else 40
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        (folder / ".git").mkdir()
        if profile:
            (folder / "wflint.toml").write_text(f'profile = "{profile}"\n', encoding="utf-8")
            print(f"target: profile {profile}")
        client = Client()
        await client.start()
        try:
            started = rss_mb(client.pid)
            overheads = await diagnostics_latency(client, folder, rounds)
            print(f"1. didChange -> publishDiagnostics, 300 tasks ({rounds} edits, debounce {DEBOUNCE_MS} ms)")
            print(line("p50 beyond debounce", statistics.median(overheads), 100, "ms"))
            print(line("p95 beyond debounce", percentile(overheads, 0.95), 100, "ms"))
            print(line("max beyond debounce", max(overheads), 100, "ms"))

            recovered, last = await recovery_latency(client, folder, rounds)
            codes = sorted({getattr(d, "code", "?") for d in last})
            print(f"1b. the same while a line is half typed (recovered; last publish: {len(last)} diagnostics, {', '.join(map(str, codes))})")
            print(line("p50 beyond debounce", statistics.median(recovered), 100, "ms"))
            print(line("p95 beyond debounce", percentile(recovered, 0.95), 100, "ms"))
            print(line("max beyond debounce", max(recovered), 100, "ms"))

            completions = await completion_latency(client, folder, rounds * 2)
            print(f"2. completion, 1,000 tasks ({rounds * 2} requests per position)")
            everything = []
            for name, timings in completions.items():
                if name.endswith("(items)"):
                    continue
                everything += timings
                items = int(completions[name + " (items)"][0])
                print(line(f"{name} p50 ({items} items)", statistics.median(timings), 50, "ms"))
                print(line(f"{name} p95", percentile(timings, 0.95), 50, "ms"))
            print(line("all positions p95", percentile(everything, 0.95), 50, "ms"))

            count = 100 if quick else 500
            before, after = await memory_with_open_files(client, folder, count)
            print("3. memory (VmRSS of the server process)")
            print(f"  {'at start':<44} {started:9.1f} MB")
            print(f"  {'after benchmarks 1-2':<44} {before:9.1f} MB")
            print(line(f"with {count} more open workflow files", after, 150, "MB"))
        finally:
            await client.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and 100 files (a smoke run)")
    parser.add_argument("--profile", help="deploy-target profile for the workspace (e.g. mwaa-serverless)")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.quick, arguments.profile))
