"""Pages of jobs for the read commands, through SQLAlchemy Core only.

The same records as tailor_core.jobs.get_all_jobs (which hands them on as dicts), without
importing the ORM: `tailor jobs list` starts faster.
"""

from __future__ import annotations

from tailor_core.db.session import single_statements
from tailor_core.domain import JobStatus
from tailor_core.records import JobRecord
from tailor_core.repositories import listings as repo
from tailor_core.repositories.paging import DEFAULT_PAGE_SIZE


def list_jobs(
    limit: int = DEFAULT_PAGE_SIZE,
    offset: int = 0,
    *,
    user_id: int | None = None,
    status: JobStatus | None = None,
) -> list[JobRecord]:
    """Jobs oldest first, optionally one user's and one status."""
    with single_statements() as connection:
        return repo.jobs_page(
            connection, limit=limit, offset=offset, user_id=user_id, status=status
        )
