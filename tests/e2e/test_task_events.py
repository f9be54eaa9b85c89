"""Celery's task events tell the truth: a FAILED job is a failed task (Flower, `celery events`),
and its message is still acknowledged once, never redelivered."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tailor_core.jobs.crud import get_job_by_id
from tailor_core.jobs.producer import submit_job
from tailor_worker.app import app
from tailor_worker.publisher import publish_job
from tailor_worker.routing import PROCESS_JOB
from tests.support.factories import make_resume, make_user, posting
from tests.support.workers import held_messages, running_workers, wait_until

pytestmark = pytest.mark.e2e


class EventLog:
    """A real event receiver on the broker, as `celery events` and Flower use."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self._connection = app.connection()
        self._receiver = app.events.Receiver(self._connection, handlers={"*": self.events.append})
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            self._receiver.capture(limit=None, timeout=None, wakeup=False)
        except Exception:  # the connection closes under it at stop
            if not self._receiver.should_stop:
                raise

    def __enter__(self) -> EventLog:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._receiver.should_stop = True
        self._thread.join(timeout=10)
        self._connection.release()

    def of(self, kind: str, name: str | None = None) -> list[dict[str, Any]]:
        return [e for e in list(self.events) if e["type"] == kind and e.get("name", name) == name]


def _job(job_id: int) -> dict[str, Any]:
    job = get_job_by_id(job_id)
    assert job is not None
    return job


def _seen_whole(events: EventLog) -> list[dict[str, Any]]:
    """Failed tasks whose receipt the log also saw."""
    received = {e["uuid"] for e in events.events if e["type"] == "task-received"}
    return [e for e in events.of("task-failed") if e["uuid"] in received]


def test_a_failed_job_is_a_failed_task_acknowledged_once(
    clean_tables: None, worker_env: dict[str, str], tmp_path: Path
) -> None:
    env = {
        **worker_env,
        "TAILOR_ENGINE": "tests.support.engines:fails_when_asked",
        "TAILOR_TASK_EVENTS": "true",
    }
    user = make_user()
    resume = make_resume(user["id"])
    with running_workers(1, env, tmp_path) as workers, EventLog() as events:
        # The receiver subscribes asynchronously: submit until it has seen one failed task
        # from its receipt on (an early one may have been received before it listened).
        failed_jobs: list[int] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _seen_whole(events):
            job = submit_job(
                user_id=user["id"],
                resume_id=resume["id"],
                publish=publish_job,
                **posting(title="EXPLODE please"),
            )
            failed_jobs.append(job["id"])
            wait_until(lambda: _seen_whole(events), timeout=2)
        ok = submit_job(
            user_id=user["id"], resume_id=resume["id"], publish=publish_job, **posting()
        )
        assert wait_until(lambda: bool(events.of("task-succeeded")), timeout=30)
        settled = wait_until(lambda: not held_messages(), timeout=30)
        assert settled, f"a message stayed unacked: {held_messages()}\n{workers[0].log()[-3000:]}"
        log = workers[0].log()

    failures = _seen_whole(events)
    assert failures, f"no task-failed event; saw {[e['type'] for e in events.events]}"
    assert "FAILED" in failures[0]["exception"]
    received = {e["uuid"]: e for e in events.events if e["type"] == "task-received"}
    failed_uuid = failures[0]["uuid"]
    assert received[failed_uuid]["name"] == PROCESS_JOB
    # Never redelivered: one task-received per message, and no success for a failed one.
    uuids = [e["uuid"] for e in events.events if e["type"] == "task-received"]
    assert len(uuids) == len(set(uuids))
    assert failed_uuid not in {e["uuid"] for e in events.of("task-succeeded")}
    for job_id in failed_jobs:
        assert wait_until(lambda j=job_id: _job(j)["status"] == "FAILED", timeout=30)
        assert _job(job_id)["attempts"] == 1
    assert _job(ok["id"])["status"] == "COMPLETED"
    # An expected failure for Celery: one INFO line, not Celery's ERROR with a traceback (the
    # engine's own crash is logged once, by tailor_core.jobs.processing).
    assert "raised unexpected" not in log
    assert "raised expected: JobFailed" in log
