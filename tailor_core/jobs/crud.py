"""Job operations of the original design; each call is one unit of work.

`create_job` only stores the row. To have a worker tailor it, use
`tailor_core.jobs.producer.submit_job`.
"""

from __future__ import annotations

from typing import Any

from tailor_core.db.unit_of_work import UnitOfWork, or_new
from tailor_core.domain import JobStatus, Priority
from tailor_core.errors import Conflict, InvalidInput, NotFound
from tailor_core.jobs.listings import list_jobs
from tailor_core.jobs.metrics import record_finished, record_submitted
from tailor_core.records import JobRecord, ResumeRecord, UserRecord
from tailor_core.repositories.jobs import UPDATABLE
from tailor_core.repositories.paging import DEFAULT_PAGE_SIZE
from tailor_core.settings import get_settings
from tailor_core.validation import required_text


def parse_status(status: str | JobStatus) -> JobStatus:
    try:
        return JobStatus(str(status).upper())
    except ValueError:
        allowed = ", ".join(s.value for s in JobStatus)
        raise InvalidInput(f"unknown job status {status!r}; use one of {allowed}") from None


def check_resume_owner(uow: UnitOfWork, user_id: int, resume_id: int) -> None:
    # Missing and someone else's read the same: another user's resume must not be revealed.
    if uow.resumes.owners({resume_id}).get(resume_id) != user_id:
        raise NotFound("resume", resume_id)


def posting_fields(title: str, company_name: str, job_description: str) -> dict[str, str]:
    limit = get_settings().max_posting_chars
    return {
        "title": required_text("title", title, 300),
        "company_name": required_text("company_name", company_name, 300),
        "job_description": required_text("job_description", job_description, limit),
    }


def create_job(
    user_id: int,
    resume_id: int,
    title: str,
    company_name: str,
    job_description: str,
    status: str | JobStatus = JobStatus.PENDING,
    *,
    uow: UnitOfWork | None = None,
) -> dict[str, Any]:
    fields = posting_fields(title, company_name, job_description)
    uow = or_new(uow)
    with uow.transaction():
        check_resume_owner(uow, user_id, resume_id)
        # Its place in the fair order, should a worker's doorbell or the sweeper pick it up.
        fair_key = uow.jobs.next_fair_key(user_id, Priority.INTERACTIVE)
        job = uow.jobs.add(
            user_id=user_id,
            resume_id=resume_id,
            status=parse_status(status),
            fair_key=fair_key,
            **fields,
        )
        record = JobRecord.from_row(job).as_dict()
    record_submitted()
    return record


def get_job(job_id: int, *, uow: UnitOfWork | None = None) -> JobRecord | None:
    """`get_job_by_id`, answering with a typed value (the CLI)."""
    uow = or_new(uow)
    with uow.transaction():
        job = uow.jobs.get(job_id)
        return None if job is None else JobRecord.from_row(job)


def get_job_by_id(job_id: int, *, uow: UnitOfWork | None = None) -> dict[str, Any] | None:
    job = get_job(job_id, uow=uow)
    return None if job is None else job.as_dict()


def get_job_with_relations(job_id: int, *, uow: UnitOfWork | None = None) -> dict[str, Any] | None:
    """The job with its owner under "user" and its base resume under "resume"."""
    uow = or_new(uow)
    with uow.transaction():
        found = uow.jobs.get_with_relations(job_id)
        if found is None:
            return None
        job, user, resume = found
        return JobRecord.from_row(job).as_dict() | {
            "user": UserRecord.from_row(user).as_dict(),
            "resume": ResumeRecord.from_row(resume).as_dict(),
        }


def get_jobs_by_user_id(
    user_id: int,
    limit: int = DEFAULT_PAGE_SIZE,
    offset: int = 0,
    status: str | JobStatus | None = None,
) -> list[dict[str, Any]]:
    wanted = None if status is None else parse_status(status)
    return [job.as_dict() for job in list_jobs(limit, offset, user_id=user_id, status=wanted)]


def get_all_jobs(
    limit: int = DEFAULT_PAGE_SIZE, offset: int = 0, status: str | JobStatus | None = None
) -> list[dict[str, Any]]:
    wanted = None if status is None else parse_status(status)
    return [job.as_dict() for job in list_jobs(limit, offset, status=wanted)]


def update_job(job_id: int, *, uow: UnitOfWork | None = None, **fields: Any) -> dict[str, Any]:
    unknown = set(fields) - UPDATABLE
    if unknown:
        raise InvalidInput(f"cannot update job field(s): {', '.join(sorted(unknown))}")
    if "status" in fields:
        fields["status"] = parse_status(fields["status"])
    uow = or_new(uow)
    with uow.transaction():
        job = uow.jobs.get(job_id)
        if job is None:
            raise NotFound("job", job_id)
        if "resume_id" in fields:
            check_resume_owner(uow, job.user_id, fields["resume_id"])
        return JobRecord.from_row(uow.jobs.update_fields(job, fields)).as_dict()


def finish_unfinished(uow: UnitOfWork, job_id: int, status: JobStatus, **values: Any) -> JobRecord:
    """Finish a job that has not ended, in the caller's open scope; the caller counts it
    (record_finished) once its transaction has committed."""
    job = uow.jobs.finish_unfinished(job_id, status=status, **values)
    if job is not None:
        return job
    current = uow.jobs.status_of(job_id)
    if current is None:
        raise NotFound("job", job_id)
    raise Conflict(f"job {job_id} is already {current}; only unfinished jobs can change")


def _finish(job_id: int, status: JobStatus, uow: UnitOfWork | None, **values: Any) -> JobRecord:
    uow = or_new(uow)
    with uow.transaction():
        record = finish_unfinished(uow, job_id, status, **values)
    # Counted once committed; no run time here: whoever finished it did not run it.
    record_finished(status, error=values.get("error"))
    return record


def complete_job(
    job_id: int,
    tailored_resume_text: str,
    report: dict[str, Any] | None = None,
    *,
    uow: UnitOfWork | None = None,
) -> dict[str, Any]:
    """Mark a PENDING or PROCESSING job COMPLETED; a finished job is left as it is."""
    return _finish(
        job_id, JobStatus.COMPLETED, uow, tailored_text=tailored_resume_text, report=report
    ).as_dict()


def mark_job_as_failed(
    job_id: int, error: str = "marked as failed by an operator", *, uow: UnitOfWork | None = None
) -> dict[str, Any]:
    """Mark a PENDING or PROCESSING job FAILED with a reason; a finished job is left as it is."""
    return _finish(job_id, JobStatus.FAILED, uow, error=error).as_dict()


def cancel(
    job_id: int, reason: str = "cancelled by request", *, uow: UnitOfWork | None = None
) -> JobRecord:
    """CANCELLED, if not finished yet; a worker holding it stops and cannot overwrite this."""
    return _finish(job_id, JobStatus.CANCELLED, uow, error=reason)


def cancel_job(
    job_id: int, reason: str = "cancelled by request", *, uow: UnitOfWork | None = None
) -> dict[str, Any]:
    """CANCELLED, if not finished yet; a worker holding it stops and cannot overwrite this."""
    return cancel(job_id, reason, uow=uow).as_dict()


def delete_job(job_id: int, *, uow: UnitOfWork | None = None) -> bool:
    uow = or_new(uow)
    with uow.transaction():
        return uow.jobs.remove(job_id)
