"""The three tables of the original design (users, resumes, jobs) and the API's tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Enum,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    literal_column,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from tailor_core.db.base import Base, BigId, Timestamped
from tailor_core.domain import JobStatus, Priority

JsonDocument = JSON().with_variant(JSONB(), "postgresql")
_PENDING = text("status = 'PENDING'")
_UNFINISHED = text("status IN ('PENDING', 'PROCESSING')")


class User(Timestamped, Base):
    __tablename__ = "users"
    __table_args__ = (
        # Case-insensitive uniqueness enforced by the database, not only by our code.
        Index("uq_users_email_lower", func.lower(literal_column("email")), unique=True),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)


class Resume(Timestamped, Base):
    __tablename__ = "resumes"
    __table_args__ = (
        # Target of the jobs' composite key: a job's resume must belong to the job's user.
        UniqueConstraint("id", "user_id"),
        Index("ix_resumes_user_id_id", "user_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    file_path: Mapped[str] = mapped_column(String(1024), nullable=False)
    original_filename: Mapped[str] = mapped_column(String(255), nullable=False)
    content_type: Mapped[str] = mapped_column(String(127), nullable=False, default="text/plain")
    parsed_text: Mapped[str] = mapped_column(Text, nullable=False, default="")


class Job(Timestamped, Base):
    __tablename__ = "jobs"
    __table_args__ = (
        ForeignKeyConstraint(
            ["resume_id", "user_id"],
            ["resumes.id", "resumes.user_id"],
            name="fk_jobs_resume_owned_by_user",
            ondelete="CASCADE",
        ),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        Index("ix_jobs_user_id_id", "user_id", "id"),
        Index("ix_jobs_status_created_at", "status", "created_at"),
        Index("ix_jobs_status_id", "status", "id"),
        # The sweeper's query: running jobs whose lease ran out.
        Index("ix_jobs_status_lease_expires_at", "status", "lease_expires_at"),
        # A client retrying a submission gets its first job back instead of a second one.
        Index("uq_jobs_user_id_idempotency_key", "user_id", "idempotency_key", unique=True),
        CheckConstraint("priority IN ('interactive', 'batch')", name="priority_known"),
        # The fair claim's walk: the next queued job of a priority (tailor_core.jobs.fairness).
        Index(
            "ix_jobs_pending_fair",
            "priority",
            "fair_key",
            "id",
            postgresql_where=_PENDING,
            sqlite_where=_PENDING,
        ),
        # Submit: a user's jobs in flight (quota) and their last queued fair key.
        Index(
            "ix_jobs_user_unfinished",
            "user_id",
            "status",
            "priority",
            "fair_key",
            postgresql_where=_UNFINISHED,
            sqlite_where=_UNFINISHED,
        ),
        Index("ix_jobs_user_id_created_at", "user_id", "created_at"),
        Index("ix_jobs_batch_id_status", "batch_id", "status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    resume_id: Mapped[int] = mapped_column(BigId, nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    company_name: Mapped[str] = mapped_column(String(300), nullable=False)
    job_description: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[JobStatus] = mapped_column(
        Enum(JobStatus, native_enum=False, length=16, validate_strings=True, name="job_status"),
        nullable=False,
        default=JobStatus.PENDING,
        server_default=JobStatus.PENDING.value,
    )
    tailored_resume_text: Mapped[str | None] = mapped_column(Text)
    report: Mapped[dict[str, Any] | None] = mapped_column(JsonDocument)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Refreshed by the worker while it runs the job; once it passes, the worker is presumed gone.
    lease_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    # Completion webhook: where to POST, whose secret signs it, and when it was acknowledged.
    callback_url: Mapped[str | None] = mapped_column(String(2048))
    callback_token_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("api_tokens.id", ondelete="SET NULL")
    )
    callback_delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Who runs next (tailor_core.jobs.fairness): the priority, then the fair key within it.
    priority: Mapped[str] = mapped_column(
        String(16),
        nullable=False,
        default=Priority.INTERACTIVE.value,
        server_default=Priority.INTERACTIVE.value,
    )
    fair_key: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0, server_default="0")
    batch_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("batches.id", ondelete="SET NULL")
    )
    # A job handed back while the language model's limit is reached is not claimed before this.
    not_before: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Batch(Timestamped, Base):
    """Up to 1,000 postings for one resume, submitted in one call (tailor_core.jobs.batches)."""

    __tablename__ = "batches"
    __table_args__ = (
        CheckConstraint("total >= 0", name="total_not_negative"),
        Index("ix_batches_user_id_created_at", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    resume_id: Mapped[int] = mapped_column(BigId, nullable=False)
    total: Mapped[int] = mapped_column(Integer, nullable=False)
    priority: Mapped[str] = mapped_column(String(16), nullable=False)
    callback_url: Mapped[str | None] = mapped_column(String(2048))
    callback_token_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("api_tokens.id", ondelete="SET NULL")
    )
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    callback_delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class UserQuota(Timestamped, Base):
    """An operator's per-user quota; NULL keeps the setting's default (tailor_core.jobs.quotas)."""

    __tablename__ = "user_quotas"

    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    max_in_flight: Mapped[int | None] = mapped_column(Integer)
    submissions_per_minute: Mapped[int | None] = mapped_column(Integer)


class ApiToken(Timestamped, Base):
    """A bearer token of the HTTP API. Only the SHA-256 of the token is stored."""

    __tablename__ = "api_tokens"
    __table_args__ = (
        # A user token belongs to one user; a service token to nobody (it names the user).
        CheckConstraint("is_service = (user_id IS NULL)", name="service_xor_user"),
        Index("ix_api_tokens_user_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    is_service: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # Kept readable on purpose: the webhook task signs with it (HMAC needs the secret itself).
    webhook_secret: Mapped[str] = mapped_column(String(128), nullable=False)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
