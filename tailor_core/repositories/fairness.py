"""Who runs next: the fair claim of the next queued job, and the fair key a new job gets.

A job's place is (priority, fair_key, id). A new job's fair key is the larger of its user's
last queued key + 1 and the smallest key still queued (the queue's "virtual time"): a user who
queues 10,000 jobs gets keys v..v+9,999, a user who then queues 10 gets v'..v'+9 with v' the
head of the queue, so their jobs interleave instead of waiting behind (start-time fair queuing).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, exists, func, or_, select, update
from sqlalchemy.orm import Session

from tailor_core.db import prepared
from tailor_core.db.expressions import seconds_from_now
from tailor_core.db.models import Job
from tailor_core.db.prepared import PreparedStatement
from tailor_core.domain import JobContext, JobStatus, Priority
from tailor_core.repositories import jobs as jobs_repo


def _core(session: Session | Connection) -> Connection:
    return session.connection() if isinstance(session, Session) else session


def next_fair_key(session: Session | Connection, user_id: int, priority: Priority) -> int:
    """The fair key of this user's next job of this priority (see the module's docstring)."""
    queued = (Job.status == JobStatus.PENDING, Job.priority == priority.value)
    own = select(func.max(Job.fair_key) + 1).where(Job.user_id == user_id, *queued)
    head = select(func.min(Job.fair_key)).where(*queued)
    row = _core(session).execute(select(own.scalar_subquery(), head.scalar_subquery())).one()
    return max(row[0] or 0, row[1] or 0)


# One statement, as the by-id claim it replaces (two round trips per job in all): the next job in
# fair order is found on ix_jobs_pending_fair and locked with SKIP LOCKED, so concurrent claims
# take different jobs instead of queueing on one row; COALESCE evaluates the second priority's
# walk only when the first has nothing. The doorbell's own job must exist: a message naming no
# job is refused, as before, and locks nothing. The commit is asynchronous, as the by-id claim's
# (see tailor_core/repositories/jobs.py).
CLAIM_NEXT = PreparedStatement(
    "tailor_claim_next_v2",
    """
    WITH claimed AS (
        UPDATE jobs
        SET status = 'PROCESSING', attempts = attempts + 1, started_at = now(),
            lease_expires_at = now() + make_interval(secs => %(lease_seconds)s),
            updated_at = now()
        WHERE status = 'PENDING' AND id = COALESCE(
            (SELECT id FROM jobs
              WHERE status = 'PENDING' AND priority = %(first)s
                AND (not_before IS NULL OR not_before <= now())
                AND EXISTS (SELECT 1 FROM jobs AS doorbell WHERE doorbell.id = %(doorbell)s)
              ORDER BY fair_key, id LIMIT 1 FOR UPDATE SKIP LOCKED),
            (SELECT id FROM jobs
              WHERE status = 'PENDING' AND priority = %(second)s
                AND (not_before IS NULL OR not_before <= now())
                AND EXISTS (SELECT 1 FROM jobs AS doorbell WHERE doorbell.id = %(doorbell)s)
              ORDER BY fair_key, id LIMIT 1 FOR UPDATE SKIP LOCKED))
        RETURNING id, attempts, title, company_name, job_description, user_id, resume_id
    )
    SELECT claimed.id, claimed.attempts, claimed.title, claimed.company_name,
           claimed.job_description, claimed.user_id, claimed.resume_id, users.name,
           resumes.parsed_text
    FROM claimed
    CROSS JOIN (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
    JOIN users ON users.id = claimed.user_id
    JOIN resumes ON resumes.id = claimed.resume_id
    """,
)

# SQLite (the embedded default) has no SKIP LOCKED; its writers are serialised anyway, so the
# next job is chosen, then claimed by id, and chosen again if another process took it first.
SQLITE_CLAIM_TRIES = 8


def claim_next(
    session: Session | Connection,
    doorbell: int,
    order: tuple[Priority, Priority],
    lease_seconds: float,
) -> JobContext | None:
    """Claim the next job in fair order, `order` giving which priority is looked at first."""
    connection = _core(session)
    if connection.dialect.name == "postgresql":
        params: dict[str, Any] = {
            "lease_seconds": float(lease_seconds),
            "first": order[0].value,
            "doorbell": doorbell,
            "second": order[1].value,
        }
        row = prepared.execute(connection, CLAIM_NEXT, params).one_or_none()
        return None if row is None else jobs_repo.context_from_row(row.id, row.attempts, row)
    if not connection.execute(select(exists().where(Job.id == doorbell))).scalar():
        return None
    for _ in range(SQLITE_CLAIM_TRIES):
        job_id = _next_pending(connection, order)
        if job_id is None:
            return None
        attempt = jobs_repo.claim(connection, job_id, lease_seconds=lease_seconds)
        if attempt is not None:
            return jobs_repo.load_context(connection, job_id, attempt)
    return None


def _next_pending(connection: Connection, order: tuple[Priority, Priority]) -> int | None:
    for priority in order:
        job_id = connection.execute(
            select(Job.id)
            .where(
                Job.status == JobStatus.PENDING,
                Job.priority == priority.value,
                or_(Job.not_before.is_(None), Job.not_before <= func.now()),
            )
            .order_by(Job.fair_key, Job.id)
            .limit(1)
        ).scalar()
        if job_id is not None:
            return int(job_id)
    return None


def hand_back(
    session: Session | Connection, job_id: int, attempt: int, delay_seconds: float
) -> bool:
    """Return a claimed job to the queue, not to be claimed for `delay_seconds`.

    Fenced like a finish. The attempt is given back too (a wait for the model's limit is not a
    crash: TAILOR_MAX_ATTEMPTS counts only those); the claim number can be reused safely because
    the worker handing the job back holds nothing of it afterwards.
    """
    result = _core(session).execute(
        update(Job)
        .where(Job.id == job_id, Job.status == JobStatus.PROCESSING, Job.attempts == attempt)
        .values(
            status=JobStatus.PENDING,
            attempts=Job.attempts - 1,
            not_before=seconds_from_now(float(delay_seconds)),
            lease_expires_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)
