"""The sweeper's statements: running jobs whose lease ran out, and queued jobs nobody claimed."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from tailor_core.db.expressions import seconds_from_now
from tailor_core.db.models import Job
from tailor_core.domain import JobStatus


def expire_lost_leases(
    session: Session, max_attempts: int, reason: str
) -> tuple[list[int], list[int], int]:
    """Running jobs whose lease ran out: back to PENDING, or FAILED at the attempt limit.

    Returns (requeued ids, ids of failed jobs that have a callback URL to notify, how many
    jobs failed).
    """
    expired = (Job.status == JobStatus.PROCESSING, Job.lease_expires_at < func.now())
    failed = session.execute(
        update(Job)
        .where(*expired, Job.attempts >= max_attempts)
        .values(
            status=JobStatus.FAILED,
            error=f"gave up after {max_attempts} attempts: {reason}",
            finished_at=func.now(),
            lease_expires_at=None,
        )
        .returning(Job.id, Job.callback_url)
        .execution_options(synchronize_session=False)
    ).all()
    to_notify = sorted(job_id for job_id, callback_url in failed if callback_url)
    requeued = session.scalars(
        update(Job)
        .where(*expired)
        .values(status=JobStatus.PENDING, error=reason, lease_expires_at=None)
        .returning(Job.id)
        .execution_options(synchronize_session=False)
    )
    return sorted(requeued), to_notify, len(failed)


def stale_pending(session: Session, older_than_seconds: float, limit: int) -> list[int]:
    query = (
        select(Job.id)
        .where(
            Job.status == JobStatus.PENDING,
            Job.created_at < seconds_from_now(-older_than_seconds),
        )
        .order_by(Job.status, Job.created_at)
        .limit(limit)
    )
    return list(session.scalars(query))


def count_pending(session: Session) -> int:
    query = select(func.count()).select_from(Job).where(Job.status == JobStatus.PENDING)
    return int(session.scalar(query) or 0)
