"""The sweeper's Celery log lines stay out of an INFO log (it runs every 15 s)."""

from __future__ import annotations

import logging

import pytest

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
