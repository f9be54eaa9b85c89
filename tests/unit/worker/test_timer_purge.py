"""Cancelled time-limit timers leave the worker's heap; live ones still fire, in order."""

from __future__ import annotations

from time import monotonic
from typing import Any

from kombu.asynchronous import Hub
from kombu.asynchronous.timer import Timer

from tailor_worker.app import app
from tailor_worker.timer_purge import PURGE_INTERVAL, PurgeCancelledTimers, purge_cancelled


def test_purge_drops_only_cancelled_entries_and_keeps_the_order() -> None:
    timer = Timer()
    fired: list[int] = []
    entries = [timer.call_after(300 + n, fired.append, (n,)) for n in range(1000)]
    for entry in entries[::2]:
        entry.cancel()  # what the pool does when a job ends within its time limit
    assert purge_cancelled(timer) == 500
    assert len(timer) == 500
    assert purge_cancelled(timer) == 0
    due = sorted(timer.queue, key=lambda event: event.eta)
    assert [event.entry.args[0] for event in due] == list(range(1, 1000, 2))
    for event in due:
        event.entry()
    assert fired == list(range(1, 1000, 2))


class _Worker:
    def __init__(self, hub: Any) -> None:
        self.hub = hub


def test_the_worker_step_schedules_the_purge_on_the_event_loop() -> None:
    hub = Hub(Timer())
    try:
        stale = hub.call_later(300, print)
        stale.cancel()
        worker = _Worker(hub)
        PurgeCancelledTimers(worker).start(worker)
        repeating = [event for event in hub.timer.queue if event.entry.fun is not print]
        assert len(repeating) == 1
        assert abs(repeating[0].eta - monotonic() - PURGE_INTERVAL) < 1
        repeating[0].entry()  # the loop running it, PURGE_INTERVAL seconds later
        assert all(event.entry is not stale for event in hub.timer.queue)
    finally:
        hub.close()


def test_tailors_worker_app_runs_the_step_and_a_solo_worker_is_left_alone() -> None:
    assert PurgeCancelledTimers in app.steps["worker"]
    solo = _Worker(None)
    PurgeCancelledTimers(solo).start(solo)  # no event loop (solo, threads): nothing to do
