"""Operations on one user's own resumes and jobs (the HTTP API's view).

Another user's id answers exactly like a missing one, so nothing reveals that it exists.
"""

from __future__ import annotations

from tailor_core.db.unit_of_work import UnitOfWork, or_new
from tailor_core.domain import JobStatus
from tailor_core.errors import NotFound
from tailor_core.jobs.crud import finish_unfinished
from tailor_core.jobs.metrics import record_finished
from tailor_core.records import JobRecord, ResumeRecord


def get_job(user_id: int, job_id: int, *, uow: UnitOfWork | None = None) -> JobRecord:
    uow = or_new(uow)
    with uow.transaction():
        found = uow.jobs.owned(user_id, job_id)
        if found is None:
            raise NotFound("job", job_id)
        return JobRecord.from_row(found)


def list_jobs(
    user_id: int,
    *,
    limit: int,
    before_id: int | None,
    status: JobStatus | None,
    uow: UnitOfWork | None = None,
) -> list[JobRecord]:
    uow = or_new(uow)
    with uow.transaction():
        found = uow.jobs.owned_page(user_id, limit=limit, before_id=before_id, status=status)
        return [JobRecord.from_row(j) for j in found]


def cancel_own_job(
    user_id: int,
    job_id: int,
    reason: str = "cancelled by request",
    *,
    uow: UnitOfWork | None = None,
) -> JobRecord:
    """CANCELLED, if the job is the user's and has not ended: one transaction. The record
    carries `callback_url` and `batch_id`, so the caller knows the follow-ups without asking."""
    uow = or_new(uow)
    with uow.transaction():
        if uow.jobs.owned(user_id, job_id) is None:
            raise NotFound("job", job_id)
        record = finish_unfinished(uow, job_id, JobStatus.CANCELLED, error=reason)
    record_finished(JobStatus.CANCELLED, error=reason)
    return record


def get_resume(user_id: int, resume_id: int, *, uow: UnitOfWork | None = None) -> ResumeRecord:
    uow = or_new(uow)
    with uow.transaction():
        found = uow.resumes.owned(user_id, resume_id)
        if found is None:
            raise NotFound("resume", resume_id)
        return ResumeRecord.from_row(found)


def list_resumes(
    user_id: int, *, limit: int, before_id: int | None, uow: UnitOfWork | None = None
) -> list[ResumeRecord]:
    uow = or_new(uow)
    with uow.transaction():
        found = uow.resumes.owned_page(user_id, limit=limit, before_id=before_id)
        return [ResumeRecord.from_row(r) for r in found]


def delete_own_resume(
    user_id: int, resume_id: int, *, uow: UnitOfWork | None = None
) -> ResumeRecord:
    """Delete the resume (and its jobs); returns the deleted record so its file can go too."""
    uow = or_new(uow)
    with uow.transaction():
        found = uow.resumes.owned(user_id, resume_id)
        if found is None:
            raise NotFound("resume", resume_id)
        record = ResumeRecord.from_row(found)
        uow.resumes.remove(resume_id)
        return record
