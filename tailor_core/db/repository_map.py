"""The unit of work's repositories, bound to its open scope: the one place that maps them to
the functions of tailor_core/repositories (where all SQL stays).

Each method hands the open session or connection to one repository function, nothing more.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tailor_core.db.models import ApiToken, Batch, Job, Resume, User
from tailor_core.domain import JobContext, JobStatus, Priority
from tailor_core.records import JobRecord
from tailor_core.repositories import api_tokens as tokens_repo
from tailor_core.repositories import batches as batches_repo
from tailor_core.repositories import claims as claims_repo
from tailor_core.repositories import fairness as fairness_repo
from tailor_core.repositories import finish as finish_repo
from tailor_core.repositories import jobs as jobs_repo
from tailor_core.repositories import owner_scoped as owner_scoped_repo
from tailor_core.repositories import quotas as quotas_repo
from tailor_core.repositories import recovery as recovery_repo
from tailor_core.repositories import resumes as resumes_repo
from tailor_core.repositories import stats as stats_repo
from tailor_core.repositories import submissions as submissions_repo
from tailor_core.repositories import users as users_repo
from tailor_core.repositories import webhooks as webhooks_repo
from tailor_core.repositories.api_tokens import UsableToken
from tailor_core.repositories.finish import Finished as Finished  # re-exported: the fakes

if TYPE_CHECKING:
    from tailor_core.db.sql_unit_of_work import SqlUnitOfWork


class _Bound:
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow


class SqlJobs(_Bound):
    def add(self, **fields: Any) -> Job:
        return jobs_repo.add(self._uow.orm(), **fields)

    def get(self, job_id: int) -> Job | None:
        return jobs_repo.get(self._uow.orm(), job_id)

    def get_with_relations(self, job_id: int) -> tuple[Job, User, Resume] | None:
        return jobs_repo.get_with_relations(self._uow.orm(), job_id)

    def update_fields(self, job: Job, fields: dict[str, Any]) -> Job:
        return jobs_repo.update_fields(self._uow.orm(), job, fields)

    def remove(self, job_id: int) -> bool:
        return jobs_repo.remove(self._uow.orm(), job_id)

    def claim(
        self, job_id: int, held_attempt: int | None, lease_seconds: float
    ) -> JobContext | None:
        return claims_repo.claim_with_context(self._uow.db(), job_id, held_attempt, lease_seconds)

    def claim_next(
        self, doorbell: int, order: tuple[Priority, Priority], lease_seconds: float
    ) -> JobContext | None:
        return claims_repo.claim_next(self._uow.db(), doorbell, order, lease_seconds)

    def status_of(self, job_id: int) -> JobStatus | None:
        return jobs_repo.status_of(self._uow.db(), job_id)

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
        return finish_repo.finish_with_followups(
            self._uow.db(),
            job_id,
            attempt,
            status=status,
            tailored_text=tailored_text,
            report=report,
            error=error,
            report_json=report_json,
        )

    def hand_back(self, job_id: int, attempt: int, seconds: float) -> bool:
        return claims_repo.hand_back(self._uow.db(), job_id, attempt, seconds)

    def add_if_resume_owned(self, limits: tuple[int, int], **fields: Any) -> JobRecord | None:
        return submissions_repo.add_if_resume_owned(self._uow.db(), limits, **fields)

    def by_idempotency_key(self, user_id: int, key: str) -> Job | None:
        return jobs_repo.by_idempotency_key(self._uow.orm(), user_id, key)

    def add_unless_key_taken(self, **fields: Any) -> Job | None:
        return jobs_repo.add_unless_key_taken(self._uow.orm(), **fields)

    def add_many(self, rows: Sequence[dict[str, Any]]) -> list[int]:
        return jobs_repo.add_many(self._uow.orm(), rows)

    def next_fair_key(self, user_id: int, priority: Priority) -> int:
        return fairness_repo.next_fair_key(self._uow.db(), user_id, priority)

    def owned(self, user_id: int, job_id: int) -> Job | None:
        return owner_scoped_repo.job(self._uow.orm(), user_id, job_id)

    def owned_page(
        self, user_id: int, *, limit: int, before_id: int | None, status: JobStatus | None
    ) -> list[Job]:
        return owner_scoped_repo.jobs(
            self._uow.orm(), user_id, limit=limit, before_id=before_id, status=status
        )

    def finish_unfinished(
        self,
        job_id: int,
        *,
        status: JobStatus,
        tailored_text: str | None = None,
        report: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> JobRecord | None:
        return jobs_repo.finish_unfinished(
            self._uow.orm(),
            job_id,
            status=status,
            tailored_text=tailored_text,
            report=report,
            error=error,
        )

    def pending_callback(self, job_id: int) -> tuple[str, JobStatus] | None:
        return webhooks_repo.pending_callback(self._uow.orm(), job_id)

    def delivery(self, job_id: int) -> tuple[Job, str | None] | None:
        return webhooks_repo.delivery(self._uow.orm(), job_id)

    def mark_delivered(self, job_id: int) -> None:
        webhooks_repo.mark_delivered(self._uow.orm(), job_id)


class SqlBatches(_Bound):
    def add(self, **fields: Any) -> Batch:
        return batches_repo.add(self._uow.orm(), **fields)

    def get_owned(self, user_id: int | None, batch_id: int) -> Batch | None:
        return batches_repo.get_owned(self._uow.orm(), user_id, batch_id)

    def status_counts(self, batch_id: int) -> dict[str, int]:
        return batches_repo.status_counts(self._uow.orm(), batch_id)

    def first_start(self, batch_id: int) -> datetime | None:
        return batches_repo.first_start(self._uow.orm(), batch_id)

    def cancel_unfinished(self, batch_id: int) -> int:
        return batches_repo.cancel_unfinished(self._uow.orm(), batch_id)

    def delivery(self, batch_id: int) -> tuple[Batch, str | None] | None:
        return batches_repo.delivery(self._uow.orm(), batch_id)

    def mark_delivered(self, batch_id: int) -> None:
        batches_repo.mark_delivered(self._uow.orm(), batch_id)

    def mark_ended_if_done(self, batch_id: int) -> tuple[bool, bool]:
        return batches_repo.mark_ended_if_done(self._uow.db(), batch_id)


class SqlResumes(_Bound):
    def add(self, **fields: Any) -> Resume:
        return resumes_repo.add(self._uow.orm(), **fields)

    def get(self, resume_id: int) -> Resume | None:
        return resumes_repo.get(self._uow.orm(), resume_id)

    def owned_by(self, user_id: int, *, limit: int, offset: int) -> list[Resume]:
        return resumes_repo.owned_by(self._uow.orm(), user_id, limit=limit, offset=offset)

    def page(self, *, limit: int, offset: int) -> list[Resume]:
        return resumes_repo.page(self._uow.orm(), limit=limit, offset=offset)

    def update(self, resume: Resume, fields: dict[str, Any]) -> Resume:
        return resumes_repo.update(self._uow.orm(), resume, fields)

    def owners(self, resume_ids: set[int]) -> dict[int, int]:
        return resumes_repo.owners(self._uow.orm(), resume_ids)

    def owned(self, user_id: int, resume_id: int) -> Resume | None:
        return owner_scoped_repo.resume(self._uow.orm(), user_id, resume_id)

    def owned_page(self, user_id: int, *, limit: int, before_id: int | None) -> list[Resume]:
        return owner_scoped_repo.resumes(self._uow.orm(), user_id, limit=limit, before_id=before_id)

    def remove(self, resume_id: int) -> bool:
        return resumes_repo.remove(self._uow.orm(), resume_id)


class SqlQuotas(_Bound):
    def override(self, user_id: int) -> tuple[int | None, int | None]:
        return quotas_repo.override(self._uow.db(), user_id)

    def recent_submissions(self, user_id: int) -> tuple[int, datetime | str | None]:
        return quotas_repo.recent_submissions(self._uow.db(), user_id)

    def in_flight(self, user_id: int) -> int:
        return quotas_repo.in_flight(self._uow.db(), user_id)

    def set_override(
        self, user_id: int, max_in_flight: int | None, submissions_per_minute: int | None
    ) -> None:
        quotas_repo.set_override(self._uow.orm(), user_id, max_in_flight, submissions_per_minute)

    def remove_override(self, user_id: int) -> bool:
        return quotas_repo.remove_override(self._uow.orm(), user_id)


class SqlUsers(_Bound):
    def add(self, *, email: str, password_hash: str, name: str) -> User:
        return users_repo.add(self._uow.orm(), email=email, password_hash=password_hash, name=name)

    def get(self, user_id: int) -> User | None:
        return users_repo.get(self._uow.orm(), user_id)

    def get_by_email(self, email: str) -> User | None:
        return users_repo.get_by_email(self._uow.orm(), email)

    def get_locked(self, user_id: int) -> User | None:
        return users_repo.get_locked(self._uow.orm(), user_id)

    def holdings(self, user_id: int) -> dict[str, int]:
        return users_repo.holdings(self._uow.orm(), user_id)

    def resume_files(self, user_id: int) -> list[str]:
        return users_repo.resume_files(self._uow.orm(), user_id)

    def update(self, user: User, fields: dict[str, Any]) -> User:
        return users_repo.update(self._uow.orm(), user, fields)

    def remove(self, user_id: int) -> bool:
        return users_repo.remove(self._uow.orm(), user_id)


class SqlTokens(_Bound):
    def add(self, **fields: Any) -> ApiToken:
        return tokens_repo.add(self._uow.orm(), **fields)

    def usable_by_hash(self, token_hash: str) -> UsableToken | None:
        return tokens_repo.usable_by_hash(self._uow.db(), token_hash)

    def touch(self, token_id: int) -> None:
        tokens_repo.touch(self._uow.db(), token_id)

    def listed(self, user_id: int | None, include_revoked: bool) -> list[ApiToken]:
        return tokens_repo.listed(self._uow.orm(), user_id, include_revoked)

    def revoke(self, token_id: int) -> bool:
        return tokens_repo.revoke(self._uow.orm(), token_id)

    def exists(self, token_id: int) -> bool:
        return tokens_repo.exists(self._uow.orm(), token_id)


class SqlStats(_Bound):
    def counts_by_status(self) -> dict[str, int]:
        return stats_repo.counts_by_status(self._uow.orm())

    def failures_by_reason(self) -> dict[str, int]:
        return stats_repo.failures_by_reason(self._uow.orm())

    def oldest_pending_seconds(self) -> float | None:
        return stats_repo.oldest_pending_seconds(self._uow.orm())

    def finished_since(self, seconds: float) -> dict[str, int]:
        return stats_repo.finished_since(self._uow.orm(), seconds)


class SqlRecovery(_Bound):
    def expire_lost_leases(
        self, max_attempts: int, reason: str
    ) -> tuple[list[int], list[int], int]:
        return recovery_repo.expire_lost_leases(self._uow.orm(), max_attempts, reason)

    def stale_pending(self, older_than_seconds: float, limit: int) -> list[int]:
        return recovery_repo.stale_pending(self._uow.orm(), older_than_seconds, limit)

    def count_pending(self) -> int:
        return recovery_repo.count_pending(self._uow.orm())
