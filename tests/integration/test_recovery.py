"""Leases, the sweeper, cancelling and idempotent submission, against PostgreSQL."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import text

from tailor_core.db.session import get_engine, unit_of_work
from tailor_core.domain import JobPosting, JobStatus, Outcome, TailoringResult
from tailor_core.errors import InvalidInput
from tailor_core.jobs.crud import cancel_job, create_job, get_job_by_id
from tailor_core.jobs.processing import process_job
from tailor_core.jobs.producer import submit_job
from tailor_core.recovery.sweeper import LOST_WORKER, sweep
from tailor_core.repositories import claims
from tailor_core.repositories.finish import finish
from tailor_core.settings import get_settings
from tests.support.factories import make_resume, make_user, posting
from tests.support.workers import wait_until


def _job() -> dict[str, Any]:
    user = make_user()
    resume = make_resume(user["id"])
    return create_job(user_id=user["id"], resume_id=resume["id"], **posting())


def _expire_lease(job_id: object) -> None:
    with get_engine().begin() as connection:
        connection.execute(
            text("UPDATE jobs SET lease_expires_at = now() - interval '1 second' WHERE id = :id"),
            {"id": job_id},
        )


def _lease_and_now(job_id: int) -> tuple[datetime, datetime]:
    with get_engine().connect() as connection:
        lease, now = connection.execute(
            text("SELECT lease_expires_at, now() FROM jobs WHERE id = :id"), {"id": job_id}
        ).one()
    assert isinstance(lease, datetime), "the job holds a lease while it runs"
    assert isinstance(now, datetime)
    return lease, now


def _claim(job_id: int) -> int:
    with unit_of_work() as session:
        claimed = claims.claim_with_context(session, job_id, lease_seconds=30)
    assert claimed is not None
    return claimed.attempt


def test_a_claim_takes_a_lease_and_finishing_drops_it(clean_tables: None) -> None:
    job = _job()
    attempt = _claim(job["id"])
    claimed = get_job_by_id(job["id"])
    assert claimed is not None
    with get_engine().connect() as connection:
        lease = connection.execute(
            text("SELECT lease_expires_at - now() FROM jobs WHERE id = :id"), {"id": job["id"]}
        ).scalar_one()
    assert 25 < lease.total_seconds() <= 30
    with unit_of_work() as session:
        assert claims.renew_lease(session, claimed["id"], attempt, 60)
        assert finish(session, claimed["id"], attempt, status=JobStatus.COMPLETED)
        assert not claims.renew_lease(session, claimed["id"], attempt, 60), "claim is gone"


def test_sweeper_requeues_a_job_whose_lease_expired_and_republishes_it(
    clean_tables: None,
) -> None:
    job = _job()
    _claim(job["id"])
    published: list[Sequence[int]] = []
    settings = get_settings()
    first = sweep(settings, live_messages=lambda ids: ids, publish_many=published.append)
    assert first.requeued == []
    _expire_lease(job["id"])
    report = sweep(settings, live_messages=lambda ids: ids, publish_many=published.append)
    assert report.requeued == [job["id"]]
    assert published == [[job["id"]]]
    after = get_job_by_id(job["id"])
    assert after is not None
    assert after["status"] == "PENDING"
    assert after["error"] == LOST_WORKER


def test_sweeper_fails_a_job_at_the_attempt_limit(clean_tables: None) -> None:
    job = _job()
    settings = replace(get_settings(), max_attempts=2)
    published: list[Sequence[int]] = []
    for _ in range(2):
        _claim(job["id"])
        _expire_lease(job["id"])
        sweep(settings, live_messages=lambda ids: ids, publish_many=published.append)
    failed = get_job_by_id(job["id"])
    assert failed is not None
    assert failed["status"] == "FAILED"
    assert failed["error"] == f"gave up after 2 attempts: {LOST_WORKER}"
    assert published == [[job["id"]]], "only the first expiry was re-published"


def test_sweeper_republishes_old_pending_jobs_only_without_a_live_message(
    clean_tables: None,
) -> None:
    old, fresh = _job(), _job()
    with get_engine().begin() as connection:
        connection.execute(
            text("UPDATE jobs SET created_at = now() - interval '10 minutes' WHERE id = :id"),
            {"id": old["id"]},
        )
    published: list[Sequence[int]] = []
    settings = get_settings()
    sweep(settings, live_messages=lambda ids: ids, publish_many=published.append)
    assert published == [], "their messages are queued or held: nothing is presumed lost"
    sweep(settings, live_messages=lambda _: (), publish_many=published.append)
    assert published == [[old["id"]]], f"only the old job, not {fresh['id']}"


def test_sweeper_rings_again_only_for_the_jobs_no_doorbell_will_claim(
    clean_tables: None,
) -> None:
    # Three PENDING jobs, none with a message of its own id. A doorbell runs whichever job is
    # next, so as many doorbells ringing as jobs waiting means none is lost.
    jobs = [_job() for _ in range(3)]
    with get_engine().begin() as connection:
        # Older by id, so "the oldest first" is the lowest ids.
        connection.execute(
            text("UPDATE jobs SET created_at = now() - interval '10 minutes' + id * interval '1 s'")
        )
    settings = get_settings()
    published: list[Sequence[int]] = []
    sweep(settings, live_messages=lambda _: (), publish_many=published.append, doorbells=lambda: 3)
    assert published == [], "three doorbells ring for three jobs"
    sweep(settings, live_messages=lambda _: (), publish_many=published.append, doorbells=lambda: 1)
    oldest_two = sorted(job["id"] for job in jobs)[:2]
    assert [sorted(batch) for batch in published] == [oldest_two], "the shortfall, oldest first"
    published.clear()
    sweep(
        settings, live_messages=lambda _: (), publish_many=published.append, doorbells=lambda: None
    )
    assert [sorted(batch) for batch in published] == [sorted(job["id"] for job in jobs)], (
        "a broker that cannot count falls back to one message per job"
    )


def test_a_live_slow_job_keeps_its_lease_and_is_never_swept(clean_tables: None) -> None:
    job = _job()
    settings = replace(get_settings(), max_attempts=5)
    swept: list[Sequence[int]] = []

    def slow_engine(resume_text: str, job_posting: JobPosting) -> TailoringResult:
        # Run, sweeping all along, until the job has outlived its first lease (by the database's
        # clock, the one the sweeper reads) and been swept twice since: only renewals kept it.
        first_expiry, _ = _lease_and_now(job["id"])
        swept_after_expiry = 0

        def swept_twice_past_first_lease() -> bool:
            nonlocal swept_after_expiry
            past_first_lease = _lease_and_now(job["id"])[1] > first_expiry
            sweep(settings, live_messages=lambda _: (), publish_many=swept.append)
            swept_after_expiry += past_first_lease
            return swept_after_expiry >= 2

        assert wait_until(swept_twice_past_first_lease, timeout=30, interval=0.5)
        return TailoringResult(resume_text, {})

    outcome = process_job(job["id"], slow_engine, lease_seconds=2)
    assert outcome is Outcome.COMPLETED
    assert swept == []
    done = get_job_by_id(job["id"])
    assert done is not None
    assert done["attempts"] == 1


def test_cancelling_a_running_job_stops_its_worker_from_finishing(clean_tables: None) -> None:
    job = _job()
    started = threading.Event()

    def engine(resume_text: str, job_posting: JobPosting) -> TailoringResult:
        started.set()
        # Part of the scenario: the engine is still running when the cancel lands and across
        # lease renewals (every 2/3 s) after it; nothing is awaited here.
        time.sleep(1.5)
        return TailoringResult("overwritten?", {})

    outcomes: list[Outcome] = []
    worker = threading.Thread(
        target=lambda: outcomes.append(process_job(job["id"], engine, lease_seconds=2))
    )
    worker.start()
    assert started.wait(10)
    cancelled = cancel_job(job["id"])
    worker.join(10)
    assert cancelled["status"] == "CANCELLED"
    assert outcomes == [Outcome.SUPERSEDED]
    final = get_job_by_id(job["id"])
    assert final is not None
    assert final["status"] == "CANCELLED"
    assert final["tailored_resume_text"] is None
    with pytest.raises(InvalidInput, match="already CANCELLED"):
        cancel_job(job["id"])


def test_idempotent_submission_returns_the_first_job(clean_tables: None) -> None:
    user = make_user()
    resume = make_resume(user["id"])
    published: list[int] = []
    fields = {"user_id": user["id"], "resume_id": resume["id"], **posting()}
    first = submit_job(**fields, publish=published.append, idempotency_key="client-42")
    again = submit_job(**fields, publish=published.append, idempotency_key="client-42")
    assert (first["created"], again["created"]) == (True, False)
    assert again["id"] == first["id"]
    assert published == [first["id"]]
    other = submit_job(**fields, publish=published.append, idempotency_key="client-43")
    assert other["id"] != first["id"]
    with pytest.raises(InvalidInput, match="already used for a different job"):
        submit_job(
            **{**fields, "title": "Another role"},
            publish=published.append,
            idempotency_key="client-42",
        )


def test_concurrent_idempotent_submissions_create_one_job(clean_tables: None) -> None:
    user = make_user()
    resume = make_resume(user["id"])
    fields = {"user_id": user["id"], "resume_id": resume["id"], **posting()}
    results: list[int] = []
    barrier = threading.Barrier(8)

    def submit() -> None:
        barrier.wait()
        job = submit_job(**fields, publish=lambda _: None, idempotency_key="same")
        results.append(job["id"])

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert len(set(results)) == 1
