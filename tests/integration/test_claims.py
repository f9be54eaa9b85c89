"""Claiming a job against PostgreSQL: one attempt per claim, and a later claim fences out an
earlier attempt's finish."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy.orm import Session

from tailor_core.db.session import unit_of_work
from tailor_core.domain import JobStatus
from tailor_core.jobs import create_job, get_job_by_id
from tailor_core.repositories.claims import claim_with_context
from tailor_core.repositories.finish import finish
from tests.support.factories import make_resume, make_user, posting


def _pending_job() -> dict[str, Any]:
    user = make_user()
    resume = make_resume(user["id"])
    return create_job(user_id=user["id"], resume_id=resume["id"], **posting())


def _job(job_id: int) -> dict[str, Any]:
    job = get_job_by_id(job_id)
    assert job is not None
    return job


def _claim(session: Session, job_id: int, held_attempt: int | None = None) -> int | None:
    """The attempt number the claim took, None when it took nothing."""
    claimed = claim_with_context(session, job_id, held_attempt)
    return None if claimed is None else claimed.attempt


def test_a_reclaim_fences_out_the_old_attempt(clean_tables: None) -> None:
    job = _pending_job()
    with unit_of_work() as session:
        first = _claim(session, job["id"])
    assert first == 1
    claimed = _job(job["id"])
    assert claimed["status"] == "PROCESSING"

    with unit_of_work() as session:
        assert _claim(session, job["id"]) is None  # no one else may take it
        assert _claim(session, job["id"], held_attempt=first + 5) is None
    with unit_of_work() as session:
        second = _claim(session, job["id"], held_attempt=first)
    assert second == 2
    reclaimed = _job(job["id"])
    assert reclaimed["status"] == "PROCESSING"
    assert reclaimed["attempts"] == 2

    with unit_of_work() as session:
        applied = finish(
            session,
            job["id"],
            first,
            status=JobStatus.COMPLETED,
            tailored_text="late result",
            report={"late": True},
        )
    assert applied is False
    assert _job(job["id"]) == reclaimed

    with unit_of_work() as session:
        applied = finish(
            session,
            job["id"],
            second,
            status=JobStatus.COMPLETED,
            tailored_text="current result",
            report={},
        )
    assert applied is True
    done = _job(job["id"])
    assert done["status"] == "COMPLETED"
    assert done["tailored_resume_text"] == "current result"

    with unit_of_work() as session:
        again = finish(session, job["id"], second, status=JobStatus.FAILED, error="x")
    assert again is False
    assert _job(job["id"]) == done


def test_twenty_concurrent_claims_give_exactly_one_attempt(clean_tables: None) -> None:
    job = _pending_job()
    racers = 20
    start = threading.Barrier(racers, timeout=20)

    def race() -> int | None:
        start.wait()
        with unit_of_work() as session:
            return _claim(session, job["id"])

    with ThreadPoolExecutor(max_workers=racers) as pool:
        futures = [pool.submit(race) for _ in range(racers)]
        results = [future.result(timeout=30) for future in futures]

    winners = [r for r in results if r is not None]
    assert winners == [1]
    assert results.count(None) == racers - 1
    claimed = _job(job["id"])
    assert claimed["status"] == "PROCESSING"
    assert claimed["attempts"] == 1
