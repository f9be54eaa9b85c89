"""Job counters are counted at the event, in Redis, and only go up (PostgreSQL and Redis)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import redis

from tailor_core.domain import JobPosting, JobStatus, Outcome, TailoringResult, failure_reason
from tailor_core.fleet.counters import RedisCounters, counters
from tailor_core.jobs import metrics as job_metrics
from tailor_core.jobs.crud import (
    cancel_job,
    create_job,
    delete_job,
    get_job_by_id,
    mark_job_as_failed,
)
from tailor_core.jobs.processing import process_job
from tailor_core.jobs.producer import JobRequest, submit_job, submit_jobs
from tailor_core.settings import get_settings
from tests.support.api import free_port
from tests.support.factories import make_owner, posting


def _pending_job() -> dict[str, Any]:
    user_id, resume_id = make_owner()
    return create_job(user_id=user_id, resume_id=resume_id, **posting())


def echo(resume_text: str, job: JobPosting) -> TailoringResult:
    return TailoringResult(resume_text, {})


def crash(resume_text: str, job: JobPosting) -> TailoringResult:
    raise RuntimeError("kaboom")


def test_counters_live_in_one_prefixed_redis_hash(database: str) -> None:
    store = counters()
    assert isinstance(store, RedisCounters)
    assert store.key == f"{get_settings().redis_key_prefix}tailor:metrics"
    before = job_metrics.read_counters().submitted
    _pending_job()
    client = redis.Redis.from_url(get_settings().broker_url)
    assert int(client.hget(store.key, "submitted") or 0) == before + 1


def test_submissions_count_once_and_deleting_never_lowers_them(database: str) -> None:
    user_id, resume_id = make_owner()
    before = job_metrics.read_counters()
    fields = posting()
    first = submit_job(
        user_id=user_id, resume_id=resume_id, publish=lambda _: None, idempotency_key="k1", **fields
    )
    again = submit_job(
        user_id=user_id, resume_id=resume_id, publish=lambda _: None, idempotency_key="k1", **fields
    )
    assert again["created"] is False
    batch = submit_jobs([JobRequest(user_id, resume_id, **fields)] * 3, lambda _: None)
    assert job_metrics.read_counters().submitted == before.submitted + 4
    for job_id in [first["id"], *batch]:
        assert delete_job(job_id)
    assert job_metrics.read_counters().submitted == before.submitted + 4


def test_a_finished_job_is_counted_once_with_its_duration(database: str) -> None:
    before = job_metrics.read_counters()
    job = _pending_job()
    assert process_job(job["id"], echo) == Outcome.COMPLETED
    assert process_job(job["id"], echo) == Outcome.DUPLICATE  # a redelivery counts nothing
    after = job_metrics.read_counters()
    assert after.completed == before.completed + 1
    assert after.duration_count == before.duration_count + 1
    # An in-process echo run takes well under a second, and never a negative time.
    fast = dict(after.duration_buckets)["1.0"] - dict(before.duration_buckets)["1.0"]
    assert fast == 1
    assert 0 <= after.duration_sum - before.duration_sum < 1


def test_failures_and_cancellations_are_counted_by_reason(database: str) -> None:
    before = job_metrics.read_counters()
    assert process_job(_pending_job()["id"], crash) == Outcome.FAILED
    mark_job_as_failed(_pending_job()["id"])
    cancel_job(_pending_job()["id"])
    after = job_metrics.read_counters()
    gained = {
        reason: after.failed_by_reason[reason] - before.failed_by_reason[reason]
        for reason in after.failed_by_reason
    }
    assert gained == {"engine": 1, "operator": 1, "unavailable": 0, "worker_lost": 0, "other": 0}
    assert after.cancelled == before.cancelled + 1
    assert after.completed == before.completed
    assert after.duration_count == before.duration_count, "only COMPLETED runs are timed"


def test_failure_reasons_match_the_sql_labels() -> None:
    assert failure_reason("the tailoring engine failed: RuntimeError: x") == "engine"
    assert failure_reason("gave up after 5 retries: the database is unreachable") == "unavailable"
    assert failure_reason("gave up after 3 attempts: the worker stopped") == "worker_lost"
    assert failure_reason("marked as failed by an operator") == "operator"
    assert failure_reason("something\nelse") == "other"
    assert failure_reason(None) == "other"


def test_redis_down_never_fails_a_job(
    database: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    nowhere = RedisCounters(f"redis://127.0.0.1:{free_port()}/0", "tailor:metrics")
    monkeypatch.setattr(job_metrics, "counters", lambda: nowhere)
    job = _pending_job()
    with caplog.at_level(logging.WARNING, logger="tailor_core.jobs.metrics"):
        assert process_job(job["id"], echo) == Outcome.COMPLETED
    assert "metrics: could not count 1 COMPLETED job(s)" in caplog.text
    assert all("\n" not in r.getMessage() and r.exc_info is None for r in caplog.records)
    with pytest.raises(redis.ConnectionError):
        job_metrics.read_counters()
    done = get_job_by_id(job["id"])
    assert done is not None
    assert done["status"] == JobStatus.COMPLETED
