"""Queries scoped to one owner, for the HTTP API: another user's row is simply not found.

Keyset pagination, newest first: `before_id` is the last id of the previous page.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tailor_core.db.models import Job, Resume
from tailor_core.domain import JobStatus


def job(session: Session, user_id: int, job_id: int) -> Job | None:
    return session.scalars(
        select(Job).where(Job.id == job_id, Job.user_id == user_id)
    ).one_or_none()


def jobs(
    session: Session,
    user_id: int,
    *,
    limit: int,
    before_id: int | None = None,
    status: JobStatus | None = None,
) -> list[Job]:
    query = select(Job).where(Job.user_id == user_id)
    if status is not None:
        query = query.where(Job.status == status)
    if before_id is not None:
        query = query.where(Job.id < before_id)
    # Served by ix_jobs_user_id_id.
    return list(session.scalars(query.order_by(Job.id.desc()).limit(limit)))


def resume(session: Session, user_id: int, resume_id: int) -> Resume | None:
    return session.scalars(
        select(Resume).where(Resume.id == resume_id, Resume.user_id == user_id)
    ).one_or_none()


def resumes(
    session: Session, user_id: int, *, limit: int, before_id: int | None = None
) -> list[Resume]:
    query = select(Resume).where(Resume.user_id == user_id)
    if before_id is not None:
        query = query.where(Resume.id < before_id)
    return list(session.scalars(query.order_by(Resume.id.desc()).limit(limit)))
