"""The API's request and response bodies; the OpenAPI document is generated from them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model

from tailor_core.domain import Priority
from tailor_core.records import (
    JOB_COLUMNS,
    JOB_DETAIL_COLUMNS,
    RESUME_COLUMNS,
    JobRecord,
    ResumeRecord,
)
from tailor_core.validation import MAX_ID as MAX_ID

# Exactly the characters Python's str.strip() removes (str.isspace): regex engines disagree on
# \s (Rust's and ECMAScript's omit \x1c-\x1f), so the schema names them one by one.
PY_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
# Not blank and no NUL byte: the same refusals as tailor_core.validation.required_text.
TEXT = f"^[^\x00]*[^\x00{PY_WHITESPACE}][^\x00]*$"
# An email address as login looks it up: no NUL or other control character (PostgreSQL
# refuses NUL; the others can never be part of a stored address).
EMAIL = r"^[^\x00-\x1f\x7f]+$"
PORT = r"(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})"
# ASCII host names (punycode for IDNs), an optional port, then any printable ASCII.
CALLBACK_URL = rf"^https?://[A-Za-z0-9.-]+(:{PORT})?([/?#][!-~]*)?$"


def record_model(
    name: str,
    record: type,
    columns: Iterable[str],
    base: type[BaseModel] = BaseModel,
    **extra: Any,
) -> type[BaseModel]:
    """A response body with the `columns` of a tailor_core.records value, in their order, each
    required and typed as the record types it (plus `extra`, as create_model takes them)."""
    hints = get_type_hints(record)
    fields: dict[str, Any] = {column: (hints[column], ...) for column in columns}
    return create_model(name, __base__=base, __module__=__name__, **fields, **extra)


# What the API shows: never where an upload is stored; a page leaves out the long texts.
RESUME_SUMMARY = tuple(c for c in RESUME_COLUMNS if c not in {"file_path", "parsed_text"})
JOB_SUMMARY = tuple(c for c in JOB_COLUMNS if c not in JOB_DETAIL_COLUMNS)


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] | None = None


if TYPE_CHECKING:
    # For mypy, the bodies as names it can use in annotations and as bases; their fields, and
    # so the OpenAPI document, are the records' own fields, derived below at run time.
    class ResumeSummary(BaseModel): ...

    class Resume(ResumeSummary): ...

    class JobSummary(BaseModel): ...

    class Job(JobSummary): ...

else:
    ResumeSummary = record_model("ResumeSummary", ResumeRecord, RESUME_SUMMARY)
    Resume = record_model("Resume", ResumeRecord, ("parsed_text",), base=ResumeSummary)
    JobSummary = record_model("JobSummary", JobRecord, JOB_SUMMARY, status_url=(str, ...))
    Job = record_model("Job", JobRecord, JOB_DETAIL_COLUMNS, base=JobSummary)


class ResumePage(BaseModel):
    items: list[ResumeSummary]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null at end.")


class JobCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    resume_id: int = Field(gt=0, le=MAX_ID)
    title: str = Field(min_length=1, max_length=300, pattern=TEXT)
    company_name: str = Field(min_length=1, max_length=300, pattern=TEXT)
    job_description: str = Field(min_length=1, pattern=TEXT)
    idempotency_key: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        pattern=r"^[!-~]([ -~]*[!-~])?$",
        description="Submitting again with the same key returns the first job (safe retries).",
    )
    callback_url: str | None = Field(
        default=None,
        max_length=2048,
        pattern=CALLBACK_URL,
        description="Gets one signed POST when the job ends; see README, Webhooks.",
    )
    priority: Priority = Field(
        default=Priority.INTERACTIVE,
        description="interactive (someone is waiting: runs ahead of queued batch work) or batch.",
    )


class JobAccepted(Job):
    created: bool = Field(description="False when an earlier submission had this idempotency key.")


class JobPage(BaseModel):
    items: list[JobSummary]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null at end.")


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(min_length=1, max_length=320, pattern=EMAIL)
    password: str = Field(min_length=1, max_length=1024)


class LoginResponse(BaseModel):
    token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the scheme's name, not a secret
    user_id: int
    expires_at: datetime
    webhook_secret: str = Field(description="Key of the HMAC on webhooks of jobs you submit.")


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    checks: dict[str, bool] = Field(default_factory=dict)


class PostingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=300, pattern=TEXT)
    company_name: str = Field(min_length=1, max_length=300, pattern=TEXT)
    job_description: str = Field(min_length=1, pattern=TEXT)


class BatchCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    resume_id: int = Field(gt=0, le=MAX_ID)
    postings: list[PostingIn] = Field(min_length=1, max_length=1000)
    priority: Priority = Field(
        default=Priority.BATCH,
        description="batch (the default: nobody waits on each job) or interactive.",
    )
    callback_url: str | None = Field(
        default=None,
        max_length=2048,
        pattern=CALLBACK_URL,
        description="Gets one signed POST when the whole batch has ended.",
    )


class BatchCounts(BaseModel):
    PENDING: int
    PROCESSING: int
    COMPLETED: int
    FAILED: int
    CANCELLED: int


class Batch(BaseModel):
    id: int
    user_id: int
    resume_id: int
    total: int
    priority: Priority
    callback_url: str | None
    created_at: datetime
    cancelled_at: datetime | None
    finished_at: datetime | None
    counts: BatchCounts
    done: int = Field(description="Jobs that have ended (COMPLETED, FAILED or CANCELLED).")
    percent: float
    eta_seconds: float | None = Field(description="Seconds left at the pace so far; null early.")
    finished: bool
    status_url: str


class BatchAccepted(Batch):
    job_ids: list[int]
