"""Pages of jobs and users in SQLAlchemy Core, without the ORM models.

`tailor jobs list` and `tailor users list` start a fresh process each time: importing
sqlalchemy.orm and mapping the models was a sixth of their start-up (bench/cli_startup.py), for
queries that need neither. The columns are the fields of tailor_core.records' values and the
rows become those values; tests/integration/test_listings.py holds them to the ORM's records.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, get_args, get_origin, get_type_hints

from sqlalchemy import (
    JSON,
    BigInteger,
    Connection,
    DateTime,
    String,
    TableClause,
    column,
    select,
    table,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeEngine

from tailor_core.domain import JobStatus
from tailor_core.records import JOB_COLUMNS, USER_COLUMNS, JobRecord, UserRecord
from tailor_core.repositories.paging import check_page


def _sql_type(hint: object) -> TypeEngine[Any]:
    # Only what reading needs: timestamps and JSON decoded on SQLite as on PostgreSQL.
    kinds = set(get_args(hint)) or {hint}  # `X | None`: X
    if datetime in kinds:
        return DateTime(timezone=True)
    if int in kinds:
        return BigInteger()
    if any(get_origin(kind) is dict for kind in kinds):
        return JSON().with_variant(JSONB(), "postgresql")
    return String()


def _table(name: str, record: type, columns: tuple[str, ...]) -> TableClause:
    hints = get_type_hints(record)
    return table(name, *(column(field, _sql_type(hints[field])) for field in columns))


# The records' own fields, in their order: the field list is written once, in records.py.
USERS: TableClause = _table("users", UserRecord, USER_COLUMNS)
JOBS: TableClause = _table("jobs", JobRecord, JOB_COLUMNS)


def users_page(connection: Connection, *, limit: int, offset: int) -> list[UserRecord]:
    check_page(limit, offset)
    query = select(USERS).order_by(USERS.c.id).limit(limit).offset(offset)
    return [UserRecord.from_row(row) for row in connection.execute(query)]


def jobs_page(
    connection: Connection,
    *,
    limit: int,
    offset: int = 0,
    user_id: int | None = None,
    status: JobStatus | None = None,
) -> list[JobRecord]:
    check_page(limit, offset)
    ids = select(JOBS.c.id)
    if user_id is not None:
        ids = ids.where(JOBS.c.user_id == user_id)
    if status is not None:
        ids = ids.where(JOBS.c.status == JobStatus(status).value)
    # The offset is walked over ids in the index only; whole rows (with their long texts) are
    # read for the one page. Skipping full rows cost 68 ms at offset 15,000.
    page_ids = ids.order_by(JOBS.c.id).limit(limit).offset(offset).scalar_subquery()
    query = select(JOBS).where(JOBS.c.id.in_(page_ids)).order_by(JOBS.c.id)
    return [JobRecord.from_row(row) for row in connection.execute(query)]
