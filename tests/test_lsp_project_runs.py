"""Runs of the project rules in the language server's workspace index: on the lint thread, a
newer run superseding an older one (in-process, no client: the lint thread is held with events,
so nothing here depends on timing)."""

from __future__ import annotations

import asyncio
import threading

from wflint.lsp import project
from wflint.lsp.workspace import WorkspaceState


def make_index():
    state = WorkspaceState()
    changed: list = []
    index = project.WorkspaceIndex(state, on_changed=changed.append)
    index.ready = True
    return state, index


async def settled(index) -> None:
    while index.running:
        await asyncio.sleep(0.01)


async def test_a_newer_run_cancels_one_not_started():
    state, index = make_index()
    hold = threading.Event()
    state._worker.submit("busy", hold.wait, 30)  # the lint thread is busy (a long lint)
    index.recompute()
    first = index._queued
    index.recompute()
    assert first.cancelled() and index._queued is not first
    hold.set()
    await settled(index)
    assert index.runs == 1


async def test_a_debounced_run_waits_and_restarts():
    state, index = make_index()
    index.recompute(delay=30.0)
    assert not index.running  # only a timer
    index.recompute(delay=30.0)
    index.recompute()  # e.g. a file changed on disk: now
    await settled(index)
    assert index.runs == 1 and index._timer is None


async def test_the_outcome_of_a_superseded_running_run_is_dropped(monkeypatch):
    state, index = make_index()
    entered, hold = threading.Event(), threading.Event()
    calls: list = []

    def held_rules(results, project_, complete):
        calls.append(len(calls))
        if len(calls) == 1:
            entered.set()
            hold.wait(30)
        return project.ProjectIndex(), {}, {}, 0.0

    monkeypatch.setattr(project, "_run_project", held_rules)
    index.recompute()
    await asyncio.get_running_loop().run_in_executor(None, entered.wait, 30)
    index.recompute()  # the first is running: it cannot be cancelled, its outcome will not count
    hold.set()
    await settled(index)
    assert calls == [0, 1] and index.runs == 1
