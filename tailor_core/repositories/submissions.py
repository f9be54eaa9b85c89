"""Submitting one job: the resume's ownership, the quotas, the fair key and the insert in one
statement, one round trip; the caller asks why only when nothing was inserted."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Table,
    bindparam,
    cast,
    func,
    insert,
    or_,
    select,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import BindParameter

from tailor_core.db import prepared
from tailor_core.db.expressions import inline, seconds_from_now
from tailor_core.db.models import Batch, Job, Resume, UserQuota
from tailor_core.db.prepared import PreparedStatement
from tailor_core.domain import JobStatus, Priority
from tailor_core.records import JOB_COLUMNS, JobRecord
from tailor_core.repositories.connections import core
from tailor_core.repositories.fairness import next_fair_key_of
from tailor_core.repositories.quotas import WINDOW_SECONDS

# The columns a submission sets; the others take their defaults.
FIELDS = (
    "user_id",
    "resume_id",
    "title",
    "company_name",
    "job_description",
    "status",
    "idempotency_key",
    "callback_url",
    "callback_token_id",
    "priority",
)


def _given(name: str) -> ColumnElement[Any]:
    # Cast: a SELECT list gives PostgreSQL no column to infer a prepared parameter's type from.
    column_type = Job.__table__.c[name].type
    return cast(bindparam(name, type_=column_type), column_type)


def _limit(override: Any, setting: str) -> ColumnElement[Any]:
    """The operator's override in user_quotas wins over the setting; 0 is no limit."""
    return func.coalesce(override, cast(bindparam(setting), Integer))


def _submit() -> Any:
    user: BindParameter[int] = bindparam("user_id")
    quota = aliased(UserQuota, name="quota")
    since = seconds_from_now(inline(-WINDOW_SECONDS))
    # The quotas of tailor_core.quotas; the count subqueries run only when their limit is set.
    unfinished = [inline(JobStatus.PENDING), inline(JobStatus.PROCESSING)]
    in_flight = select(func.count()).where(Job.user_id == user, Job.status.in_(unfinished))
    recent_jobs = select(func.count()).where(
        Job.user_id == user, Job.batch_id.is_(None), Job.created_at > since
    )
    recent_batches = select(func.count()).where(Batch.user_id == user, Batch.created_at > since)
    max_in_flight = _limit(quota.max_in_flight, "max_in_flight")
    per_minute = _limit(quota.submissions_per_minute, "per_minute")
    source = (
        select(
            *(_given(name) for name in FIELDS),
            inline(0),
            next_fair_key_of(user, bindparam("priority")),
        )
        .select_from(Resume)
        .outerjoin(quota, quota.user_id == Resume.user_id)
        .where(
            Resume.id == bindparam("resume_id"),
            Resume.user_id == user,
            or_(max_in_flight == inline(0), in_flight.scalar_subquery() < max_in_flight),
            or_(
                per_minute == inline(0),
                recent_jobs.scalar_subquery() + recent_batches.scalar_subquery() < per_minute,
            ),
        )
    )
    table = Job.__table__
    assert isinstance(table, Table)
    columns = [*FIELDS, "attempts", "fair_key"]
    # The job it returns is a JobRecord: exactly the record's fields.
    returned = (table.c[name] for name in JOB_COLUMNS)
    return insert(table).from_select(columns, source).returning(*returned)


SUBMIT = PreparedStatement("tailor_submit_v5", _submit())


def add_if_resume_owned(
    session: Session | Connection, limits: tuple[int, int] = (0, 0), **fields: Any
) -> JobRecord | None:
    """INSERT ... SELECT FROM resumes WHERE the resume is the user's: None when it is not, or
    when a quota refuses (`limits`: jobs in flight, submissions per minute; 0 is no limit)."""
    unknown = fields.keys() - set(FIELDS)
    if unknown:
        raise TypeError(f"not a submission's column: {', '.join(sorted(unknown))}")
    params = dict.fromkeys(FIELDS) | fields
    params["status"] = JobStatus(params["status"] or JobStatus.PENDING)
    params["priority"] = params["priority"] or Priority.INTERACTIVE.value
    params["max_in_flight"], params["per_minute"] = limits
    row = prepared.execute(core(session), SUBMIT, params).one_or_none()
    return None if row is None else JobRecord.from_row(row)
