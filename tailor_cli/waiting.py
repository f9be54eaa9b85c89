"""Waiting for a job to finish, with progress for people and a clean result for scripts."""

from __future__ import annotations

import time

from tailor_cli.output import progress
from tailor_core.db.unit_of_work import UnitOfWork
from tailor_core.domain import JobStatus
from tailor_core.errors import NotFound
from tailor_core.jobs.crud import get_job
from tailor_core.records import JobRecord


def wait_for_job(
    job_id: int, timeout: float, *, quiet: bool, uow: UnitOfWork | None = None
) -> JobRecord | None:
    """The finished job, or None when the timeout ran out first."""
    started = time.monotonic()
    deadline = started + timeout
    delay = 0.05
    last_status: JobStatus | None = None
    while True:
        job = get_job(job_id, uow=uow)  # a transaction each look: each sees the latest commit
        if job is None:
            raise NotFound("job", job_id)
        if job.status != last_status and not quiet:
            progress(f"job {job_id}: {job.status} ({time.monotonic() - started:.1f} s)")
            last_status = job.status
        if job.status.is_final:
            return job
        if time.monotonic() >= deadline:
            return None
        time.sleep(delay)
        delay = min(1.0, delay * 1.5)
