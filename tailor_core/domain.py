"""Plain values shared by every layer: no SQLAlchemy, no Celery, no HTTP."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class JobStatus(enum.StrEnum):
    PENDING = "PENDING"
    PROCESSING = "PROCESSING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"

    @property
    def is_final(self) -> bool:
        return self in FINAL_STATUSES


FINAL_STATUSES = frozenset({JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED})


@dataclass(frozen=True)
class JobPosting:
    title: str
    company_name: str
    description: str


@dataclass(frozen=True)
class JobContext:
    """Everything a worker needs to tailor one claimed job, loaded in one query."""

    job_id: int
    attempt: int
    user_id: int
    user_name: str
    resume_id: int
    resume_text: str
    posting: JobPosting


@dataclass(frozen=True)
class TailoringResult:
    tailored_text: str
    report: dict[str, Any]


class Outcome(enum.StrEnum):
    COMPLETED = "completed"
    FAILED = "failed"
    DUPLICATE = "duplicate"
    MISSING = "missing"
    SUPERSEDED = "superseded"
