"""The completion webhook's queries. Functions take a session and never commit."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from tailor_core.db.models import ApiToken, Job
from tailor_core.domain import JobStatus


def pending_callback(session: Session, job_id: int) -> tuple[str, JobStatus] | None:
    """(callback_url, status) of a job that has a callback not delivered yet."""
    row = session.execute(
        select(Job.callback_url, Job.status).where(
            Job.id == job_id, Job.callback_url.is_not(None), Job.callback_delivered_at.is_(None)
        )
    ).one_or_none()
    return None if row is None or row[0] is None else (row[0], row[1])


def delivery(session: Session, job_id: int) -> tuple[Job, str | None] | None:
    """The job and the webhook secret of the token that submitted it."""
    row = session.execute(
        select(Job, ApiToken.webhook_secret)
        .outerjoin(ApiToken, ApiToken.id == Job.callback_token_id)
        .where(Job.id == job_id)
    ).one_or_none()
    return None if row is None else (row[0], row[1])


def mark_delivered(session: Session, job_id: int) -> None:
    session.execute(
        update(Job)
        .where(Job.id == job_id)
        .values(callback_delivered_at=func.now())
        .execution_options(synchronize_session=False)
    )
