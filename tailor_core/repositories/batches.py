"""Batches: many postings for one resume. Functions take a session and never commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, exists, func, select, update
from sqlalchemy.orm import Session

from tailor_core.db.models import ApiToken, Batch, Job
from tailor_core.domain import JobStatus

UNFINISHED = (JobStatus.PENDING, JobStatus.PROCESSING)


def _core(session: Session | Connection) -> Connection:
    return session.connection() if isinstance(session, Session) else session


def add(session: Session, **fields: Any) -> Batch:
    batch = Batch(**fields)
    session.add(batch)
    session.flush()
    return batch


def get_owned(session: Session, user_id: int | None, batch_id: int) -> Batch | None:
    """The batch if it is the user's; None for anyone's (operators: the CLI)."""
    query = select(Batch).where(Batch.id == batch_id)
    if user_id is not None:
        query = query.where(Batch.user_id == user_id)
    return session.scalars(query).one_or_none()


def status_counts(session: Session, batch_id: int) -> dict[str, int]:
    rows = session.execute(
        select(Job.status, func.count()).where(Job.batch_id == batch_id).group_by(Job.status)
    )
    return {str(status): int(count) for status, count in rows}


def first_start(session: Session, batch_id: int) -> datetime | None:
    return session.scalar(select(func.min(Job.started_at)).where(Job.batch_id == batch_id))


def cancel_unfinished(session: Session, batch_id: int) -> int:
    """Cancel the batch's queued and running jobs; a worker running one stops at its next lease
    renewal and its fenced finish changes nothing (docs/RELIABILITY.md, Cancel)."""
    session.execute(
        update(Batch)
        .where(Batch.id == batch_id, Batch.cancelled_at.is_(None))
        .values(cancelled_at=func.now())
        .execution_options(synchronize_session=False)
    )
    result = session.execute(
        update(Job)
        .where(Job.batch_id == batch_id, Job.status.in_(UNFINISHED))
        .values(status=JobStatus.CANCELLED, finished_at=func.now(), lease_expires_at=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def mark_ended_if_done(session: Session | Connection, batch_id: int) -> tuple[bool, bool]:
    """Record the batch's end if none of its jobs is unfinished: (ended now, has a callback).

    Conditional on `finished_at IS NULL`, so of several concurrent callers exactly one ends it
    (and sends its one webhook). Run after the caller's own finish has committed: the last job
    to finish then sees every other one finished.
    """
    unfinished = exists().where(Job.batch_id == batch_id, Job.status.in_(UNFINISHED))
    row = (
        _core(session)
        .execute(
            update(Batch)
            .where(and_(Batch.id == batch_id, Batch.finished_at.is_(None), ~unfinished))
            .values(finished_at=func.now())
            .returning(Batch.callback_url)
            .execution_options(synchronize_session=False)
        )
        .one_or_none()
    )
    return (False, False) if row is None else (True, row[0] is not None)


def delivery(session: Session, batch_id: int) -> tuple[Batch, str | None] | None:
    row = session.execute(
        select(Batch, ApiToken.webhook_secret)
        .outerjoin(ApiToken, ApiToken.id == Batch.callback_token_id)
        .where(Batch.id == batch_id)
    ).one_or_none()
    return None if row is None else (row[0], row[1])


def mark_delivered(session: Session, batch_id: int) -> None:
    session.execute(
        update(Batch)
        .where(Batch.id == batch_id)
        .values(callback_delivered_at=func.now())
        .execution_options(synchronize_session=False)
    )
