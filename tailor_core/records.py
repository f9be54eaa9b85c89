"""A user, a resume and a job as frozen values, each built once from a row.

Each field list is written here once. The repositories select and return these columns
(`USER_COLUMNS`, `RESUME_COLUMNS`, `JOB_COLUMNS`), the API's response schemas are derived from
them (tailor_api/schemas.py), and the webhook payload and the CLI read the values' attributes.
The original design's functions hand their callers `as_dict()`: plain dicts, indexed like
`user["id"]`, exactly as before.

No ORM here: the read commands build these from Core rows without importing the models
(bench/cli_startup.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from tailor_core.domain import JobStatus, Priority


def _names(cls: type) -> tuple[str, ...]:
    return tuple(field.name for field in fields(cls))


def _read(row: object, names: tuple[str, ...]) -> dict[str, Any]:
    # An ORM object and a Core Row both answer attributes; a RowMapping or a dict answers keys.
    if isinstance(row, Mapping):
        return {name: row[name] for name in names}
    return {name: getattr(row, name) for name in names}


@dataclass(frozen=True, slots=True)
class UserRecord:
    """A user without the password hash: the hash never leaves the data layer."""

    id: int
    email: str
    name: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: object) -> UserRecord:
        return cls(**_read(row, USER_COLUMNS))

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in USER_COLUMNS}


@dataclass(frozen=True, slots=True)
class ResumeRecord:
    id: int
    user_id: int
    file_path: str
    original_filename: str
    content_type: str
    parsed_text: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: object) -> ResumeRecord:
        return cls(**_read(row, RESUME_COLUMNS))

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in RESUME_COLUMNS}


@dataclass(frozen=True, slots=True)
class JobRecord:
    id: int
    user_id: int
    resume_id: int
    title: str
    company_name: str
    job_description: str
    status: JobStatus
    tailored_resume_text: str | None
    report: dict[str, Any] | None
    error: str | None
    attempts: int
    idempotency_key: str | None
    callback_url: str | None
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    priority: Priority
    batch_id: int | None

    @classmethod
    def from_row(cls, row: object) -> JobRecord:
        values = _read(row, JOB_COLUMNS)
        # A Core row holds the plain strings; the ORM, the enum. Both end up the enum.
        values["status"] = JobStatus(values["status"])
        values["priority"] = Priority(values["priority"])
        return cls(**values)

    def as_dict(self) -> dict[str, Any]:
        record = {name: getattr(self, name) for name in JOB_COLUMNS}
        # The dicts always carried plain strings here.
        record["status"] = self.status.value
        record["priority"] = self.priority.value
        return record

    @property
    def status_url(self) -> str:
        return f"/v1/jobs/{self.id}"


USER_COLUMNS = _names(UserRecord)
RESUME_COLUMNS = _names(ResumeRecord)
JOB_COLUMNS = _names(JobRecord)
# What a job's page in a list leaves out: the long texts (API summaries, `tailor jobs list`).
JOB_DETAIL_COLUMNS = ("job_description", "tailored_resume_text", "report")
