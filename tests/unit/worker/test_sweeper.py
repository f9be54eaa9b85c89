"""The sweeper's timer: its Celery log lines stay out of an INFO log (it runs every 15 s), and
the pool never forks a child in the middle of a sweep."""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any

import pytest

from tailor_worker import sweeper
from tailor_worker.app import _QuietSweeps
from tailor_worker.routing import PROCESS_JOB, SWEEP
from tailor_worker.tasks import process_job_task, sweep_task


def _record(name: str) -> logging.LogRecord:
    record = logging.LogRecord("celery.app.trace", logging.INFO, __file__, 1, "Task %s", (), None)
    record.data = {"name": name, "id": "x"}
    return record


def test_sweep_lines_are_dropped_at_info_and_demoted_at_debug(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    assert not _QuietSweeps().filter(_record(SWEEP))
    assert _QuietSweeps().filter(_record(PROCESS_JOB))
    caplog.set_level(logging.DEBUG)
    record = _record(SWEEP)
    assert _QuietSweeps().filter(record)
    assert record.levelno == logging.DEBUG


def test_only_tailoring_tasks_send_events() -> None:
    assert sweep_task.send_events is False
    assert process_job_task.send_events is True


def test_a_fork_waits_for_the_sweep_in_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    """A lock the sweep holds (a connection pool's, say) must be free in a forked pool child:
    copied while held, it would stay locked there for good and hang the child's first task."""
    held_by_sweep = threading.Lock()
    sweeping = threading.Event()

    def slow_sweep(**_: Any) -> None:
        with held_by_sweep:
            sweeping.set()
            time.sleep(0.5)

    monkeypatch.setattr(sweeper, "run_sweep", slow_sweep)
    monkeypatch.setattr(sweeper, "get_settings", lambda: type("S", (), {"sweep_interval": 1})())
    timer = sweeper.SweepTimer(None)
    timer.start(None)
    try:
        assert sweeping.wait(5), "the timer never swept"
        pid = os.fork()
        if pid == 0:  # the child: what a pool child would find
            os._exit(0 if held_by_sweep.acquire(timeout=2) else 1)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0, "forked while the sweep held its lock"
    finally:
        timer.stop(None)
