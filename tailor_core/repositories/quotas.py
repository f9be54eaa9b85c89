"""Per-user quotas: the operator's overrides and what a user has in flight or just submitted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from tailor_core.db.expressions import seconds_from_now
from tailor_core.db.models import Batch, Job, UserQuota
from tailor_core.domain import JobStatus
from tailor_core.repositories.connections import core

UNFINISHED = (JobStatus.PENDING, JobStatus.PROCESSING)
WINDOW_SECONDS = 60


def override(session: Session | Connection, user_id: int) -> tuple[int | None, int | None]:
    row = (
        core(session)
        .execute(
            select(UserQuota.max_in_flight, UserQuota.submissions_per_minute).where(
                UserQuota.user_id == user_id
            )
        )
        .one_or_none()
    )
    return (None, None) if row is None else (row[0], row[1])


def set_override(
    session: Session, user_id: int, max_in_flight: int | None, submissions_per_minute: int | None
) -> None:
    quota = session.get(UserQuota, user_id)
    if quota is None:
        quota = UserQuota(user_id=user_id)
        session.add(quota)
    quota.max_in_flight = max_in_flight
    quota.submissions_per_minute = submissions_per_minute
    session.flush()


def remove_override(session: Session, user_id: int) -> bool:
    quota = session.get(UserQuota, user_id)
    if quota is None:
        return False
    session.delete(quota)
    session.flush()
    return True


def in_flight(session: Session | Connection, user_id: int) -> int:
    query = select(func.count()).where(Job.user_id == user_id, Job.status.in_(UNFINISHED))
    return int(core(session).scalar(query) or 0)


def recent_submissions(
    session: Session | Connection, user_id: int
) -> tuple[int, datetime | str | None]:
    """Submissions in the last minute (a job on its own or a whole batch counts one), and when
    the oldest of them was made."""
    since = seconds_from_now(-WINDOW_SECONDS)
    jobs = select(func.count(), func.min(Job.created_at)).where(
        Job.user_id == user_id, Job.batch_id.is_(None), Job.created_at > since
    )
    batches = select(func.count(), func.min(Batch.created_at)).where(
        Batch.user_id == user_id, Batch.created_at > since
    )
    connection = core(session)
    job_count, job_oldest = connection.execute(jobs).one()
    batch_count, batch_oldest = connection.execute(batches).one()
    oldest = min((t for t in (job_oldest, batch_oldest) if t is not None), default=None)
    return int(job_count or 0) + int(batch_count or 0), oldest
