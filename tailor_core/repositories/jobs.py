from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Float,
    Table,
    Text,
    Update,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningInsert, ReturningUpdate

from tailor_core.db import prepared
from tailor_core.db.expressions import seconds_from_now
from tailor_core.db.models import Job, Resume, User
from tailor_core.db.prepared import PreparedStatement
from tailor_core.domain import JobContext, JobPosting, JobStatus, Priority
from tailor_core.records import JOB_COLUMNS, JobRecord
from tailor_core.repositories import quotas
from tailor_core.repositories.paging import check_page

UPDATABLE = frozenset(
    {
        "resume_id",
        "title",
        "company_name",
        "job_description",
        "status",
        "tailored_resume_text",
        "report",
        "error",
    }
)
UNFINISHED = (JobStatus.PENDING, JobStatus.PROCESSING)


def add(session: Session, **fields: Any) -> Job:
    job = Job(**fields)
    session.add(job)
    session.flush()
    return job


def _core(session: Session | Connection) -> Connection:
    # The per-job statements run on a bare autocommit connection (db.session.single_statements);
    # tests and the original API hand them an ORM session.
    return session.connection() if isinstance(session, Session) else session


def add_if_resume_owned(
    session: Session | Connection, limits: tuple[int, int] = (0, 0), **fields: Any
) -> JobRecord | None:
    """INSERT ... SELECT FROM resumes WHERE the resume is the user's: None when it is not, or
    when a quota refuses (`limits`: jobs in flight, submissions per minute; 0 is no limit).

    On PostgreSQL the ownership check, the quotas, the fair key and the insert are one
    statement, one round trip; the caller asks why only when nothing was inserted.
    """
    connection = _core(session)
    fields.setdefault("priority", Priority.INTERACTIVE.value)
    if connection.dialect.name == "postgresql" and fields.keys() <= SUBMIT.parameters_set:
        params = dict.fromkeys(SUBMIT.parameters) | fields
        params["status"] = JobStatus(params["status"] or JobStatus.PENDING).value
        params["max_in_flight"], params["per_minute"] = limits
        row = prepared.execute(connection, SUBMIT, params).one_or_none()
    else:
        # The embedded default: the same checks as separate statements on one connection.
        if _refused_by_quota(connection, fields["user_id"], limits):
            return None
        fields["fair_key"] = _next_fair_key(connection, fields["user_id"], fields["priority"])
        statement = _insert_if_owned(tuple(fields))
        # Core execution: handed a dict, an ORM insert would read it as a bulk INSERT's values.
        row = connection.execute(statement, fields).one_or_none()
    return None if row is None else JobRecord.from_row(row)


def _refused_by_quota(connection: Connection, user_id: int, limits: tuple[int, int]) -> bool:
    in_flight, per_minute = quotas.override(connection, user_id)
    max_in_flight = limits[0] if in_flight is None else in_flight
    submissions_per_minute = limits[1] if per_minute is None else per_minute
    if max_in_flight and quotas.in_flight(connection, user_id) >= max_in_flight:
        return True
    return bool(
        submissions_per_minute
        and quotas.recent_submissions(connection, user_id)[0] >= submissions_per_minute
    )


def _next_fair_key(connection: Connection, user_id: int, priority: str) -> int:
    # Imported here: fairness imports this module.
    from tailor_core.repositories import fairness

    return fairness.next_fair_key(connection, user_id, Priority(priority))


# submit_job's one statement on PostgreSQL (the casts: a SELECT list gives no types to infer).
# The fair key is that of tailor_core.repositories.fairness.next_fair_key, the quotas those of
# tailor_core.jobs.quotas (an operator's override in user_quotas wins over the setting); the count
# subqueries run only when their limit is set.
_SUBMIT_SQL = """
    INSERT INTO jobs (user_id, resume_id, title, company_name, job_description, status,
                      idempotency_key, callback_url, callback_token_id, attempts, priority,
                      fair_key)
    SELECT %(user_id)s::bigint, %(resume_id)s::bigint, %(title)s::text,
           %(company_name)s::text, %(job_description)s::text, %(status)s::text,
           %(idempotency_key)s::text, %(callback_url)s::text, %(callback_token_id)s::bigint, 0,
           %(priority)s::text,
           GREATEST(
             COALESCE((SELECT max(fair_key) + 1 FROM jobs
                        WHERE user_id = %(user_id)s AND status = 'PENDING'
                          AND priority = %(priority)s), 0),
             COALESCE((SELECT min(fair_key) FROM jobs
                        WHERE status = 'PENDING' AND priority = %(priority)s), 0))
    FROM resumes
    LEFT JOIN user_quotas AS quota ON quota.user_id = resumes.user_id
    WHERE resumes.id = %(resume_id)s AND resumes.user_id = %(user_id)s
      AND (COALESCE(quota.max_in_flight, %(max_in_flight)s::int) = 0
           OR (SELECT count(*) FROM jobs
                WHERE user_id = %(user_id)s AND status IN ('PENDING', 'PROCESSING'))
              < COALESCE(quota.max_in_flight, %(max_in_flight)s::int))
      AND (COALESCE(quota.submissions_per_minute, %(per_minute)s::int) = 0
           OR (SELECT count(*) FROM jobs
                WHERE user_id = %(user_id)s AND batch_id IS NULL
                  AND created_at > now() - interval '1 minute')
              + (SELECT count(*) FROM batches
                  WHERE user_id = %(user_id)s AND created_at > now() - interval '1 minute')
              < COALESCE(quota.submissions_per_minute, %(per_minute)s::int))
    """
# The job it returns is a JobRecord: it returns exactly the record's fields.
SUBMIT = PreparedStatement("tailor_submit_v4", f"{_SUBMIT_SQL}RETURNING {', '.join(JOB_COLUMNS)}\n")


@lru_cache(maxsize=8)
def _insert_if_owned(names: tuple[str, ...]) -> ReturningInsert[Any]:
    # Built once per set of columns: constructing it cost a tenth of submit_job's time.
    columns = Job.__table__.c
    source = select(*(bindparam(name, type_=columns[name].type) for name in names)).where(
        Resume.id == bindparam("resume_id"), Resume.user_id == bindparam("user_id")
    )
    table = Job.__table__
    assert isinstance(table, Table)
    return (
        insert(table)
        .from_select(list(names), source)
        .returning(*(columns[name] for name in JOB_COLUMNS))
    )


def add_many(session: Session, rows: Sequence[dict[str, Any]]) -> list[int]:
    """One multi-row INSERT ... RETURNING id, ids in the order of `rows`."""
    if not rows:
        return []
    table = Job.__table__
    assert isinstance(table, Table)
    # Core, not ORM: the ORM's bulk path spent 0.1 s of CPU per 10,000 rows on bookkeeping for
    # objects nobody asked for (submit_jobs: 0.92x -> 0.95x the raw psycopg2 batch).
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(session.connection().execute(statement, list(rows)).scalars())


def get(session: Session, job_id: int) -> Job | None:
    return session.get(Job, job_id)


def get_with_relations(session: Session, job_id: int) -> tuple[Job, User, Resume] | None:
    query = (
        select(Job, User, Resume)
        .join(User, User.id == Job.user_id)
        .join(Resume, Resume.id == Job.resume_id)
        .where(Job.id == job_id)
    )
    row = session.execute(query).one_or_none()
    return None if row is None else (row[0], row[1], row[2])


def page(
    session: Session,
    *,
    limit: int,
    offset: int = 0,
    user_id: int | None = None,
    status: JobStatus | None = None,
    newest_first: bool = False,
) -> list[Job]:
    check_page(limit, offset)
    ids = select(Job.id)
    if user_id is not None:
        ids = ids.where(Job.user_id == user_id)
    if status is not None:
        ids = ids.where(Job.status == status)
    order = Job.id.desc() if newest_first else Job.id
    # The offset is walked over ids in the index only; whole rows (with their long texts) are
    # read for the one page. Skipping full rows cost 68 ms at offset 15,000.
    page_ids = ids.order_by(order).limit(limit).offset(offset).scalar_subquery()
    return list(session.scalars(select(Job).where(Job.id.in_(page_ids)).order_by(order)))


def update_fields(session: Session, job: Job, fields: dict[str, Any]) -> Job:
    for key, value in fields.items():
        setattr(job, key, value)
    session.flush()
    return job


def remove(session: Session, job_id: int) -> bool:
    result = session.execute(delete(Job).where(Job.id == job_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]


# The per-job statements are built once, with bind parameters, and run at the Core level:
# building them on every job cost more CPU than PostgreSQL spent running them.


@lru_cache(maxsize=2)
def _claim_statement(with_held_attempt: bool) -> Update:
    claimable = Job.status == JobStatus.PENDING
    if with_held_attempt:
        claimable = or_(
            claimable,
            (Job.status == JobStatus.PROCESSING) & (Job.attempts == bindparam("held_attempt")),
        )
    return (
        update(Job)
        .where(Job.id == bindparam("job_id"), claimable)
        .values(
            status=JobStatus.PROCESSING,
            attempts=Job.attempts + 1,
            started_at=func.now(),
            lease_expires_at=seconds_from_now(bindparam("lease_seconds", type_=Float())),
        )
    )


def _claim_params(job_id: int, held_attempt: int | None, lease_seconds: float) -> dict[str, Any]:
    params: dict[str, Any] = {"job_id": job_id, "lease_seconds": float(lease_seconds)}
    if held_attempt is not None:
        params["held_attempt"] = held_attempt
    return params


@lru_cache(maxsize=2)
def _claim_returning_attempt(with_held_attempt: bool) -> ReturningUpdate[Any]:
    return _claim_statement(with_held_attempt).returning(Job.attempts)


def claim(
    session: Session | Connection,
    job_id: int,
    held_attempt: int | None = None,
    *,
    lease_seconds: float = 30.0,
) -> int | None:
    """PENDING -> PROCESSING and a new attempt number, or None when someone else has it.

    `held_attempt` lets a retry of the same attempt take its own claim back; the attempt number
    is the fencing token that every finishing update must present.
    """
    statement = _claim_returning_attempt(held_attempt is not None)
    params = _claim_params(job_id, held_attempt, lease_seconds)
    return _core(session).execute(statement, params).scalar_one_or_none()


_CONTEXT_COLUMNS = ("title", "company_name", "job_description", "user_id", "resume_id")


def context_from_row(job_id: int, attempt: int, row: Any) -> JobContext:
    return JobContext(
        job_id=job_id,
        attempt=attempt,
        user_id=row.user_id,
        user_name=row.name,
        resume_id=row.resume_id,
        resume_text=row.parsed_text,
        posting=JobPosting(
            title=row.title, company_name=row.company_name, description=row.job_description
        ),
    )


# The two statements every job runs, written for PostgreSQL and prepared once per connection
# (tailor_core.db.prepared): planning the claim cost the server more than running it.
#
# The claim commits asynchronously (set_config(..., true) is SET LOCAL, for this statement's
# own transaction only): the worker does not wait for its WAL flush, a fifth of a job's database
# time. Losing it costs nothing: it is only lost if PostgreSQL crashes before the job's finish,
# whose synchronous commit flushes the WAL up to and including the claim; the job is then still
# PENDING, and the worker's retry (or the sweeper) claims it again.
CLAIM_WITH_CONTEXT = PreparedStatement(
    "tailor_claim_with_context_v2",
    """
    WITH claimed AS (
        UPDATE jobs
        SET status = 'PROCESSING', attempts = attempts + 1, started_at = now(),
            lease_expires_at = now() + make_interval(secs => %(lease_seconds)s),
            updated_at = now()
        WHERE id = %(job_id)s
          AND (status = 'PENDING' OR (status = 'PROCESSING' AND attempts = %(held_attempt)s))
        RETURNING attempts, title, company_name, job_description, user_id, resume_id
    )
    SELECT claimed.attempts, claimed.title, claimed.company_name, claimed.job_description,
           claimed.user_id, claimed.resume_id, users.name, resumes.parsed_text
    FROM claimed
    CROSS JOIN (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
    JOIN users ON users.id = claimed.user_id
    JOIN resumes ON resumes.id = claimed.resume_id
    """,
)
# `batch_tail`: the job is in a batch that has no queued job left, so this finish may be its
# last and the batch's end is checked (tailor_core.jobs.batches); other jobs of a batch skip that
# round trip. Without a batch the subquery is never run.
FINISH = PreparedStatement(
    "tailor_finish_v2",
    """
    UPDATE jobs
    SET status = %(new_status)s, tailored_resume_text = %(tailored_text)s,
        report = %(report)s::jsonb, error = %(error)s, finished_at = now(),
        lease_expires_at = NULL, updated_at = now()
    WHERE id = %(job_id)s AND status = 'PROCESSING' AND attempts = %(attempt)s
    RETURNING callback_url, batch_id,
              batch_id IS NOT NULL AND NOT EXISTS (
                  SELECT 1 FROM jobs AS queued
                   WHERE queued.batch_id = jobs.batch_id AND queued.status = 'PENDING'
              ) AS batch_tail
    """,
)


@dataclass(frozen=True)
class Finished:
    applied: bool
    callback_url: str | None = None
    batch_id: int | None = None
    batch_tail: bool = False


def claim_with_context(
    session: Session | Connection, job_id: int, held_attempt: int | None, lease_seconds: float
) -> JobContext | None:
    """Claim the job and load what the engine needs: one statement on PostgreSQL.

    The UPDATE ... RETURNING sits in a CTE joined to the user and the resume, so the claim and
    the load cost one round trip. SQLite cannot put an UPDATE in a CTE: there it is two.
    """
    connection = _core(session)
    if connection.dialect.name != "postgresql":
        attempt = claim(session, job_id, held_attempt, lease_seconds=lease_seconds)
        return None if attempt is None else load_context(session, job_id, attempt)
    params = {"job_id": job_id, "held_attempt": held_attempt, "lease_seconds": float(lease_seconds)}
    row = prepared.execute(connection, CLAIM_WITH_CONTEXT, params).one_or_none()
    return None if row is None else context_from_row(job_id, row.attempts, row)


def load_context(session: Session | Connection, job_id: int, attempt: int) -> JobContext | None:
    query = (
        select(*(getattr(Job, name) for name in _CONTEXT_COLUMNS), User.name, Resume.parsed_text)
        .join(User, User.id == Job.user_id)
        .join(Resume, Resume.id == Job.resume_id)
        .where(Job.id == job_id)
    )
    row = _core(session).execute(query).one_or_none()
    return None if row is None else context_from_row(job_id, attempt, row)


def finish(session: Session | Connection, job_id: int, attempt: int, **values: Any) -> bool:
    """Fenced finish: applies only while this attempt still holds the claim.

    Takes the same keywords as `finish_and_get_callback` (status, tailored_text, report, error).
    """
    applied, _ = finish_and_get_callback(session, job_id, attempt, **values)
    return applied


def finish_and_get_callback(
    session: Session | Connection,
    job_id: int,
    attempt: int,
    *,
    status: JobStatus,
    tailored_text: str | None = None,
    report: dict[str, Any] | None = None,
    error: str | None = None,
) -> tuple[bool, str | None]:
    """The fenced finish, also returning the job's callback URL in the same round trip."""
    done = finish_with_followups(
        session,
        job_id,
        attempt,
        status=status,
        tailored_text=tailored_text,
        report=report,
        error=error,
    )
    return done.applied, done.callback_url


def finish_with_followups(
    session: Session | Connection,
    job_id: int,
    attempt: int,
    *,
    status: JobStatus,
    tailored_text: str | None = None,
    report: dict[str, Any] | None = None,
    error: str | None = None,
    report_json: str | None = None,
) -> Finished:
    """The fenced finish, returning what must follow it (a webhook, a batch's end check).

    `report_json`: the report already encoded (tailor_core.jobs.processing.check_storable),
    written as it is rather than encoded a second time.
    """
    if report_json is None and report is not None:
        report_json = json.dumps(report)
    params: dict[str, Any] = {
        "job_id": job_id,
        "attempt": attempt,
        "new_status": status,
        "tailored_text": tailored_text,
        "report": report_json,
        "error": error,
    }
    connection = _core(session)
    if connection.dialect.name == "postgresql":
        params["new_status"] = JobStatus(status).value
        row = prepared.execute(connection, FINISH, params).first()
        if row is None:
            return Finished(False)
        return Finished(True, row.callback_url, row.batch_id, bool(row.batch_tail))
    embedded = connection.execute(_finish_statement(), params).first()
    if embedded is None:
        return Finished(False)
    # Embedded: the end check is cheap, so every job of a batch is treated as its tail.
    url, batch_id = embedded
    return Finished(True, url, batch_id, batch_id is not None)


@lru_cache(maxsize=1)
def _finish_statement() -> ReturningUpdate[str | None, int | None]:
    return (
        update(Job)
        .where(
            Job.id == bindparam("job_id"),
            Job.status == JobStatus.PROCESSING,
            Job.attempts == bindparam("attempt"),
        )
        .values(
            status=bindparam("new_status"),
            tailored_resume_text=bindparam("tailored_text"),
            # The JSON text itself (finish_with_followups encoded it): no second encoding.
            report=bindparam("report", type_=Text()),
            error=bindparam("error"),
            finished_at=func.now(),
            lease_expires_at=None,
        )
        .returning(Job.callback_url, Job.batch_id)
    )


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
    return bool(_core(session).execute(statement).rowcount)


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


def by_idempotency_key(session: Session, user_id: int, key: str) -> Job | None:
    query = select(Job).where(Job.user_id == user_id, Job.idempotency_key == key)
    return session.scalars(query).one_or_none()


def finish_unfinished(
    session: Session,
    job_id: int,
    *,
    status: JobStatus,
    tailored_text: str | None = None,
    report: dict[str, Any] | None = None,
    error: str | None = None,
) -> JobRecord | None:
    """Finish a job that is PENDING or PROCESSING, whoever holds it (the original API)."""
    values: dict[str, Any] = {
        "status": status,
        "error": error,
        "finished_at": func.now(),
        "lease_expires_at": None,
    }
    if tailored_text is not None:
        values["tailored_resume_text"] = tailored_text
    if report is not None:
        values["report"] = report
    statement = (
        update(Job)
        .where(Job.id == job_id, Job.status.in_(UNFINISHED))
        .values(**values)
        .returning(*(getattr(Job, name) for name in JOB_COLUMNS))
        .execution_options(synchronize_session=False)
    )
    row = session.execute(statement).one_or_none()
    return None if row is None else JobRecord.from_row(row)


def status_of(session: Session | Connection, job_id: int) -> JobStatus | None:
    return _core(session).scalar(select(Job.status).where(Job.id == job_id))
