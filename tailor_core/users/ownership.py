"""Operations on one user's own resumes and jobs (the HTTP API's view).

Another user's id answers exactly like a missing one, so nothing reveals that it exists.
"""

from __future__ import annotations

from typing import Any

from tailor_core.db.session import unit_of_work
from tailor_core.domain import JobStatus
from tailor_core.errors import NotFound
from tailor_core.jobs.crud import cancel_job
from tailor_core.records import job_record, resume_record
from tailor_core.repositories import owner_scoped as repo
from tailor_core.repositories import resumes as resumes_repo


def get_job(user_id: int, job_id: int) -> dict[str, Any]:
    with unit_of_work() as session:
        found = repo.job(session, user_id, job_id)
        if found is None:
            raise NotFound("job", job_id)
        return job_record(found)


def list_jobs(
    user_id: int, *, limit: int, before_id: int | None, status: JobStatus | None
) -> list[dict[str, Any]]:
    with unit_of_work() as session:
        found = repo.jobs(session, user_id, limit=limit, before_id=before_id, status=status)
        return [job_record(j) for j in found]


def cancel_own_job(user_id: int, job_id: int) -> dict[str, Any]:
    get_job(user_id, job_id)  # ownership never changes, so checking first is enough
    return cancel_job(job_id)


def get_resume(user_id: int, resume_id: int) -> dict[str, Any]:
    with unit_of_work() as session:
        found = repo.resume(session, user_id, resume_id)
        if found is None:
            raise NotFound("resume", resume_id)
        return resume_record(found)


def list_resumes(user_id: int, *, limit: int, before_id: int | None) -> list[dict[str, Any]]:
    with unit_of_work() as session:
        found = repo.resumes(session, user_id, limit=limit, before_id=before_id)
        return [resume_record(r) for r in found]


def delete_own_resume(user_id: int, resume_id: int) -> dict[str, Any]:
    """Delete the resume (and its jobs); returns the deleted record so its file can go too."""
    with unit_of_work() as session:
        found = repo.resume(session, user_id, resume_id)
        if found is None:
            raise NotFound("resume", resume_id)
        record = resume_record(found)
        resumes_repo.remove(session, resume_id)
        return record
