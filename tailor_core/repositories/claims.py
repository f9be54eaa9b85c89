"""Claiming a job: by its id, or the next one in fair order; keeping and handing back a claim.

A claim moves a job PENDING -> PROCESSING with a new attempt number and a lease, and loads what
the engine needs (the posting, the user's name, the resume's text) in the same statement: one
round trip. The attempt number is the fencing token every finishing update must present
(tailor_core/repositories/finish.py).

The claim's commit is asynchronous (expressions.commit_without_waiting): the worker does not
wait for its WAL flush, a fifth of a job's database time. Losing it costs nothing: it is only
lost if PostgreSQL crashes before the job's finish, whose synchronous commit flushes the WAL up
to and including the claim; the job is then still PENDING, and the worker's retry (or the
sweeper) claims it again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Float,
    ScalarSelect,
    and_,
    bindparam,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.dml import ReturningUpdate

from tailor_core.db import prepared
from tailor_core.db.expressions import commit_without_waiting, inline, seconds_from_now
from tailor_core.db.models import Job, Resume, User
from tailor_core.db.prepared import PreparedStatement
from tailor_core.domain import JobContext, JobPosting, JobStatus, Priority
from tailor_core.repositories.connections import core

PENDING = Job.status == inline(JobStatus.PENDING)
PROCESSING = Job.status == inline(JobStatus.PROCESSING)


def _claim(which: ColumnElement[bool]) -> ReturningUpdate[Any]:
    """Claim the job `which` selects, returning its context; written once for both claims."""
    return (
        update(Job)
        .where(which)
        .values(
            status=inline(JobStatus.PROCESSING),
            attempts=Job.attempts + inline(1),
            started_at=func.now(),
            lease_expires_at=seconds_from_now(bindparam("lease_seconds", type_=Float())),
        )
        .returning(
            Job.id,
            Job.attempts,
            Job.title,
            Job.company_name,
            Job.job_description,
            Job.user_id,
            Job.resume_id,
            select(User.name).where(User.id == Job.user_id).scalar_subquery().label("name"),
            select(Resume.parsed_text)
            .where(Resume.id == Job.resume_id)
            .scalar_subquery()
            .label("parsed_text"),
            commit_without_waiting().label("async_commit"),
        )
    )


# `held_attempt` lets a retry of the same attempt take its own claim back (NULL: no one's).
CLAIM = PreparedStatement(
    "tailor_claim_v3",
    _claim(
        and_(
            Job.id == bindparam("job_id"),
            or_(PENDING, and_(PROCESSING, Job.attempts == bindparam("held_attempt"))),
        )
    ),
)


def _next_of(priority: str) -> ScalarSelect[Any]:
    # Found on ix_jobs_pending_fair and locked with SKIP LOCKED (nothing on SQLite, whose writers
    # are serialised anyway), so concurrent claims take different jobs instead of queueing on
    # one row. The doorbell's own job must exist: a message naming no job is refused, as
    # before, and locks nothing.
    doorbell = aliased(Job, name="doorbell")
    return (
        select(Job.id)
        .where(
            PENDING,
            Job.priority == bindparam(priority),
            or_(Job.not_before.is_(None), Job.not_before <= func.now()),
            exists().where(doorbell.id == bindparam("doorbell")),
        )
        .order_by(Job.fair_key, Job.id)
        .limit(inline(1))
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )


# The next job in fair order: COALESCE evaluates the second priority's walk only when the first
# has nothing. As the by-id claim, one statement (two round trips per job in all).
CLAIM_NEXT = PreparedStatement(
    "tailor_claim_next_v3",
    _claim(and_(PENDING, Job.id == func.coalesce(_next_of("first"), _next_of("second")))),
)


def context_from_row(row: Any) -> JobContext:
    return JobContext(
        job_id=row.id,
        attempt=row.attempts,
        user_id=row.user_id,
        user_name=row.name,
        resume_id=row.resume_id,
        resume_text=row.parsed_text,
        posting=JobPosting(
            title=row.title, company_name=row.company_name, description=row.job_description
        ),
    )


def claim_with_context(
    session: Session | Connection,
    job_id: int,
    held_attempt: int | None = None,
    lease_seconds: float = 30.0,
) -> JobContext | None:
    """Claim the job and load what the engine needs; None when someone else has it."""
    params = {"job_id": job_id, "held_attempt": held_attempt, "lease_seconds": float(lease_seconds)}
    row = prepared.execute(core(session), CLAIM, params).one_or_none()
    return None if row is None else context_from_row(row)


def claim_next(
    session: Session | Connection,
    doorbell: int,
    order: tuple[Priority, Priority],
    lease_seconds: float,
) -> JobContext | None:
    """Claim the next job in fair order, `order` giving which priority is looked at first."""
    params: dict[str, Any] = {
        "lease_seconds": float(lease_seconds),
        "first": order[0].value,
        "doorbell": doorbell,
        "second": order[1].value,
    }
    row = prepared.execute(core(session), CLAIM_NEXT, params).one_or_none()
    return None if row is None else context_from_row(row)


def _held(job_id: int, attempt: int) -> tuple[ColumnElement[bool], ...]:
    return (Job.id == job_id, Job.status == JobStatus.PROCESSING, Job.attempts == attempt)


def renew_lease(
    session: Session | Connection, job_id: int, attempt: int, lease_seconds: float
) -> bool:
    """Extend a running job's lease; False once the claim is gone (cancelled or taken over)."""
    statement = (
        update(Job)
        .where(*_held(job_id, attempt))
        .values(lease_expires_at=seconds_from_now(lease_seconds))
        .execution_options(synchronize_session=False)
    )
    return bool(core(session).execute(statement).rowcount)


def hand_back(
    session: Session | Connection, job_id: int, attempt: int, delay_seconds: float
) -> bool:
    """Return a claimed job to the queue, not to be claimed for `delay_seconds`.

    Fenced like a finish. The attempt is given back too (a wait for the model's limit is not a
    crash: TAILOR_MAX_ATTEMPTS counts only those); the claim number can be reused safely because
    the worker handing the job back holds nothing of it afterwards.
    """
    statement = (
        update(Job)
        .where(*_held(job_id, attempt))
        .values(
            status=JobStatus.PENDING,
            attempts=Job.attempts - 1,
            not_before=seconds_from_now(float(delay_seconds)),
            lease_expires_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    return bool(core(session).execute(statement).rowcount)
