"""The unit of work services are handed, and the narrow repositories it gives them.

A boundary (a task, a request, a CLI command, a public function of the original design) makes
one `UnitOfWork` and hands it to the services it calls; each service opens the scope its work
needs on it:

- `transaction()`: all or nothing, committed when the outermost block ends;
- `statements()`: one atomic statement at a time on an autocommit connection (the claim, the
  finish, the producer's one-statement insert), so no BEGIN and COMMIT round trips and no
  transaction held open while the engine runs between two such blocks.

Either scope joins a transaction already open on the same unit of work, so services called
from one another share it (a cancel checks ownership and cancels in one transaction). The real
implementation is `tailor_core.db.sql_unit_of_work.SqlUnitOfWork`; tests hand in the in-memory
one of tests/support/fake_unit_of_work.py. Rows keep the shapes the repositories return.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from tailor_core.domain import JobContext, JobStatus, Priority
from tailor_core.records import JobRecord

if TYPE_CHECKING:
    from collections.abc import Sequence

    from tailor_core.db.models import ApiToken, Batch, Job, Resume, User
    from tailor_core.repositories.api_tokens import UsableToken
    from tailor_core.repositories.finish import Finished as Finished


class JobsRepository(Protocol):
    def add(self, **fields: Any) -> Job: ...

    def get(self, job_id: int) -> Job | None: ...

    def get_with_relations(self, job_id: int) -> tuple[Job, User, Resume] | None: ...

    def update_fields(self, job: Job, fields: dict[str, Any]) -> Job: ...

    def remove(self, job_id: int) -> bool: ...

    def claim(
        self, job_id: int, held_attempt: int | None, lease_seconds: float
    ) -> JobContext | None:
        """Claim this job (and load what the engine needs) in one statement."""

    def claim_next(
        self, doorbell: int, order: tuple[Priority, Priority], lease_seconds: float
    ) -> JobContext | None:
        """Claim the next job in fair order; None if the doorbell's job is gone or done."""

    def status_of(self, job_id: int) -> JobStatus | None: ...

    def finish(
        self,
        job_id: int,
        attempt: int,
        *,
        status: JobStatus,
        tailored_text: str | None = None,
        report: dict[str, Any] | None = None,
        error: str | None = None,
        report_json: str | None = None,
    ) -> Finished:
        """The fenced finish: applies only while `attempt` still holds the claim."""

    def hand_back(self, job_id: int, attempt: int, seconds: float) -> bool:
        """Queue a claimed job again, due in `seconds`; False if the claim is gone."""

    def add_if_resume_owned(self, limits: tuple[int, int], **fields: Any) -> JobRecord | None:
        """Insert if the resume is the user's and no quota refuses (one statement)."""

    def by_idempotency_key(self, user_id: int, key: str) -> Job | None: ...

    def add_unless_key_taken(self, **fields: Any) -> Job | None:
        """Insert; None when a concurrent submission took the idempotency key first (the
        transaction goes on)."""

    def add_many(self, rows: Sequence[dict[str, Any]]) -> list[int]: ...

    def next_fair_key(self, user_id: int, priority: Priority) -> int: ...

    def owned(self, user_id: int, job_id: int) -> Job | None:
        """The job if it is this user's; None if missing or someone else's."""

    def owned_page(
        self, user_id: int, *, limit: int, before_id: int | None, status: JobStatus | None
    ) -> list[Job]:
        """One user's jobs, newest first, below `before_id`."""

    def finish_unfinished(
        self,
        job_id: int,
        *,
        status: JobStatus,
        tailored_text: str | None = None,
        report: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> JobRecord | None:
        """Finish a PENDING or PROCESSING job, whoever holds it; None if it is not unfinished."""

    def pending_callback(self, job_id: int) -> tuple[str, JobStatus] | None:
        """(callback_url, status) of a job whose callback has not been delivered yet."""

    def delivery(self, job_id: int) -> tuple[Job, str | None] | None:
        """The job and the webhook secret of the token that submitted it."""

    def mark_delivered(self, job_id: int) -> None: ...


class BatchesRepository(Protocol):
    def add(self, **fields: Any) -> Batch: ...

    def get_owned(self, user_id: int | None, batch_id: int) -> Batch | None: ...

    def status_counts(self, batch_id: int) -> dict[str, int]: ...

    def first_start(self, batch_id: int) -> datetime | None: ...

    def cancel_unfinished(self, batch_id: int) -> int: ...

    def delivery(self, batch_id: int) -> tuple[Batch, str | None] | None:
        """The batch and the webhook secret of the token that submitted it."""

    def mark_delivered(self, batch_id: int) -> None: ...

    def mark_ended_if_done(self, batch_id: int) -> tuple[bool, bool]:
        """(ended now, has a callback); run after the jobs' own finishes have committed."""


class ResumesRepository(Protocol):
    def add(self, **fields: Any) -> Resume: ...

    def get(self, resume_id: int) -> Resume | None: ...

    def owned_by(self, user_id: int, *, limit: int, offset: int) -> list[Resume]: ...

    def page(self, *, limit: int, offset: int) -> list[Resume]: ...

    def update(self, resume: Resume, fields: dict[str, Any]) -> Resume: ...

    def owners(self, resume_ids: set[int]) -> dict[int, int]: ...

    def owned(self, user_id: int, resume_id: int) -> Resume | None: ...

    def owned_page(self, user_id: int, *, limit: int, before_id: int | None) -> list[Resume]: ...

    def remove(self, resume_id: int) -> bool: ...


class QuotasRepository(Protocol):
    def override(self, user_id: int) -> tuple[int | None, int | None]: ...

    def recent_submissions(self, user_id: int) -> tuple[int, datetime | str | None]: ...

    def in_flight(self, user_id: int) -> int: ...

    def set_override(
        self, user_id: int, max_in_flight: int | None, submissions_per_minute: int | None
    ) -> None: ...

    def remove_override(self, user_id: int) -> bool: ...


class UsersRepository(Protocol):
    def add(self, *, email: str, password_hash: str, name: str) -> User:
        """InvalidInput when the email is taken (the transaction goes on)."""

    def get(self, user_id: int) -> User | None: ...

    def get_by_email(self, email: str) -> User | None: ...

    def get_locked(self, user_id: int) -> User | None:
        """The user, row-locked until the transaction ends."""

    def holdings(self, user_id: int) -> dict[str, int]: ...

    def resume_files(self, user_id: int) -> list[str]: ...

    def update(self, user: User, fields: dict[str, Any]) -> User: ...

    def remove(self, user_id: int) -> bool: ...


class TokensRepository(Protocol):
    def add(self, **fields: Any) -> ApiToken: ...

    def usable_by_hash(self, token_hash: str) -> UsableToken | None:
        """Neither revoked nor expired; one Core statement, so single statements do."""

    def touch(self, token_id: int) -> None:
        """Note the token's use (at most once a minute)."""

    def listed(self, user_id: int | None, include_revoked: bool) -> list[ApiToken]: ...

    def revoke(self, token_id: int) -> bool: ...

    def exists(self, token_id: int) -> bool: ...


class StatsRepository(Protocol):
    def counts_by_status(self) -> dict[str, int]: ...

    def failures_by_reason(self) -> dict[str, int]: ...

    def oldest_pending_seconds(self) -> float | None: ...

    def finished_since(self, seconds: float) -> dict[str, int]: ...


class RecoveryRepository(Protocol):
    def expire_lost_leases(
        self, max_attempts: int, reason: str
    ) -> tuple[list[int], list[int], int]:
        """(requeued ids, failed ids with a callback, how many failed)."""

    def stale_pending(self, older_than_seconds: float, limit: int) -> list[int]: ...

    def count_pending(self) -> int: ...


class UnitOfWork(Protocol):
    @property
    def jobs(self) -> JobsRepository: ...

    @property
    def batches(self) -> BatchesRepository: ...

    @property
    def resumes(self) -> ResumesRepository: ...

    @property
    def quotas(self) -> QuotasRepository: ...

    @property
    def users(self) -> UsersRepository: ...

    @property
    def tokens(self) -> TokensRepository: ...

    @property
    def stats(self) -> StatsRepository: ...

    @property
    def recovery(self) -> RecoveryRepository: ...

    @property
    def in_transaction(self) -> bool:
        """True inside a `transaction()` block: nothing done now is committed yet."""

    def transaction(self) -> AbstractContextManager[None]: ...

    def statements(self) -> AbstractContextManager[None]: ...


def or_new(uow: UnitOfWork | None) -> UnitOfWork:
    """The unit of work handed in, or a new one for a caller that is its own boundary."""
    if uow is not None:
        return uow
    from tailor_core.db.sql_unit_of_work import SqlUnitOfWork

    return SqlUnitOfWork()
