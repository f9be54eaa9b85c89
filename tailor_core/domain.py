"""Plain values shared by every layer: no SQLAlchemy, no Celery, no HTTP."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Any

# Postings one batch may hold (tailor_core.jobs.batches, the API and the CLI).
MAX_BATCH_POSTINGS = 1000


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

# A FAILED job's error, grouped into a few stable labels (free text would explode metrics): SQL
# LIKE patterns, first match wins, anything else is "other". One table for SQL and for Python.
FAILURE_REASONS = (
    ("the tailoring engine%", "engine"),
    ("gave up after % retries%", "unavailable"),
    ("gave up after % attempts%", "worker_lost"),
    ("marked as failed%", "operator"),
)
OTHER_FAILURE = "other"
FAILURE_LABELS = (*(label for _, label in FAILURE_REASONS), OTHER_FAILURE)
_FAILURE_RES = tuple(
    (re.compile(".*".join(map(re.escape, pattern.split("%"))), re.DOTALL), label)
    for pattern, label in FAILURE_REASONS
)


def failure_reason(error: str | None) -> str:
    """The label of a FAILED job's error, as the LIKE patterns above give it in SQL."""
    for expression, label in _FAILURE_RES:
        if error is not None and expression.fullmatch(error):
            return label
    return OTHER_FAILURE


class Priority(enum.StrEnum):
    """Who is waiting: a person at a screen (`interactive`) or nobody in particular (`batch`).

    A queued interactive job is claimed before every queued batch job, except for a share of
    claims kept for batch work so that it never starves (docs/WORKFLOW.md, "Who runs next").
    """

    INTERACTIVE = "interactive"
    BATCH = "batch"


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
    # Handed back to the queue to wait for the language model's limit (tailor_core.fleet.llm_limit).
    DEFERRED = "deferred"
