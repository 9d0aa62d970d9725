"""The real server, with each run of the project rules held at a gate until the test opens it
(`test/openGate`); `test/gate` says whether a run is waiting. A test can then ask for hover or
completion while a run is in progress, without depending on how long a run takes."""

from __future__ import annotations

import sys
import threading

from wflint.lsp import project
from wflint.lsp.__main__ import main
from wflint.lsp.server import server

gate = threading.Event()
waiting = threading.Event()
original = project.lint_project


def gated_lint_project(*args, **kwargs):
    waiting.set()
    gate.wait(60)  # never forever: a test that fails must not leave a stuck process
    waiting.clear()
    return original(*args, **kwargs)


project.lint_project = gated_lint_project


@server.feature("test/gate")
def gate_state(ls, params) -> dict:
    return {"waiting": waiting.is_set(), "open": gate.is_set()}


@server.feature("test/openGate")
def open_gate(ls, params) -> None:
    gate.set()


if __name__ == "__main__":
    sys.exit(main())
