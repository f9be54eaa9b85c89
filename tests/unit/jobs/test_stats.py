"""tailor_core.jobs.stats with the fake unit of work: one transaction, the figures read from it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tailor_core.domain import JobStatus
from tailor_core.jobs.stats import current_jobs, job_stats
from tests.support.fake_unit_of_work import FakeUnitOfWork


def _jobs(uow: FakeUnitOfWork) -> None:
    user_id = uow.add_user()
    resume_id = uow.add_resume(user_id)
    now = datetime.now(UTC)

    def job(status: JobStatus, **fields: object) -> None:
        uow.jobs.add(
            user_id=user_id, resume_id=resume_id, title="t", company_name="c",
            job_description="d", status=status, **fields,
        )  # fmt: skip

    job(JobStatus.PENDING, created_at=now - timedelta(seconds=90))
    job(JobStatus.PENDING)
    job(JobStatus.PROCESSING)
    job(JobStatus.COMPLETED, finished_at=now - timedelta(seconds=30))
    job(JobStatus.COMPLETED, finished_at=now - timedelta(minutes=10))
    job(JobStatus.FAILED, error="the tailoring engine failed: boom", finished_at=now)
    job(JobStatus.FAILED, error="marked as failed by an operator", finished_at=now)


def test_stats_count_by_status_reason_and_window(uow: FakeUnitOfWork) -> None:
    _jobs(uow)
    found = job_stats(uow=uow)
    assert uow.log == ["transaction", "commit"]
    assert found.by_status == {"PENDING": 2, "PROCESSING": 1, "COMPLETED": 2, "FAILED": 2}
    assert found.failed_by_reason == {"engine": 1, "operator": 1}
    assert found.oldest_pending_seconds is not None
    assert 89 <= found.oldest_pending_seconds < 120
    assert found.finished_last[1] == {"COMPLETED": 1, "FAILED": 2}
    assert found.finished_last[15] == {"COMPLETED": 2, "FAILED": 2}
    assert found.throughput_per_minute(5) == 1 / 5
    assert found.as_dict()["by_status"] == {**found.by_status, "CANCELLED": 0}


def test_no_waiting_job_has_no_age(uow: FakeUnitOfWork) -> None:
    current = current_jobs(uow=uow)
    assert (current.by_status, current.oldest_pending_seconds) == ({}, None)
