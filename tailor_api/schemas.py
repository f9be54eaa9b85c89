"""The API's request and response bodies; the OpenAPI document is generated from them."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tailor_core.domain import JobStatus, Priority
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


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] | None = None


class ResumeSummary(BaseModel):
    id: int
    user_id: int
    original_filename: str
    content_type: str
    created_at: datetime
    updated_at: datetime


class Resume(ResumeSummary):
    parsed_text: str


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


class JobSummary(BaseModel):
    id: int
    user_id: int
    resume_id: int
    title: str
    company_name: str
    status: JobStatus
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
    status_url: str


class Job(JobSummary):
    job_description: str
    tailored_resume_text: str | None
    report: dict[str, Any] | None


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
