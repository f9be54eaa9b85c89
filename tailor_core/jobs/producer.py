"""The producer: store the job, commit, and only then ring the broker's doorbell.

Many jobs in one transaction: tailor_core.jobs.bulk (`submit_jobs`, re-exported here).

The publish callables are handed in, so this module knows nothing of Celery: the worker package
passes real ones, tests can pass `list.append` / `list.extend`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tailor_core.db.unit_of_work import UnitOfWork
from tailor_core.domain import JobStatus, Priority
from tailor_core.errors import Conflict, NotFound
from tailor_core.jobs import quotas
from tailor_core.jobs.bulk import JobRequest, SubmittedJobs, submit_jobs
from tailor_core.jobs.crud import check_resume_owner, posting_fields
from tailor_core.jobs.fairness import parse_priority
from tailor_core.jobs.metrics import record_submitted
from tailor_core.jobs.publishing import Publish, outside_transaction, publish_after_commit
from tailor_core.records import JobRecord
from tailor_core.validation import clean_callback_url, clean_idempotency_key, positive_id

if TYPE_CHECKING:
    from tailor_core.db.models import Job

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Submitted:
    """A submitted job; `created` False when its idempotency key named an earlier one,
    `published` False when the broker did not take its message (the sweeper will)."""

    job: JobRecord
    created: bool
    published: bool

    def as_dict(self) -> dict[str, Any]:
        return self.job.as_dict() | {"created": self.created, "published": self.published}


def submit_job(
    *,
    user_id: int,
    resume_id: int,
    title: str,
    company_name: str,
    job_description: str,
    publish: Publish,
    idempotency_key: str | None = None,
    callback_url: str | None = None,
    callback_token_id: int | None = None,
    priority: Priority | str = Priority.INTERACTIVE,
    uow: UnitOfWork | None = None,
) -> dict[str, Any]:
    """Insert one PENDING job, commit, then publish its id. Returns the job as a dict
    (`submit` returns it as a `Submitted` value).

    `priority` is "interactive" (the default: someone is waiting) or "batch". A per-user quota
    that refuses the job raises `QuotaExceeded` (its `retry_after` says when to try again).

    With an `idempotency_key`, submitting the same job again (a client retrying after a
    timeout) returns the first job, `created` False, and publishes nothing. A `callback_url`
    gets one signed POST when the job ends (tailor_worker.webhook_delivery), signed with the
    secret of the API token `callback_token_id`.

    `uow` must have no transaction open: the publish follows the commit.
    """
    return submit(
        user_id=user_id,
        resume_id=resume_id,
        title=title,
        company_name=company_name,
        job_description=job_description,
        publish=publish,
        idempotency_key=idempotency_key,
        callback_url=callback_url,
        callback_token_id=callback_token_id,
        priority=priority,
        uow=uow,
    ).as_dict()


def submit(
    *,
    user_id: int,
    resume_id: int,
    title: str,
    company_name: str,
    job_description: str,
    publish: Publish,
    idempotency_key: str | None = None,
    callback_url: str | None = None,
    callback_token_id: int | None = None,
    priority: Priority | str = Priority.INTERACTIVE,
    uow: UnitOfWork | None = None,
) -> Submitted:
    """`submit_job`, answering with a typed value (the API and the CLI)."""
    uow = outside_transaction(uow)
    fields = posting_fields(title, company_name, job_description)
    user_id = positive_id("user_id", user_id)
    resume_id = positive_id("resume_id", resume_id)
    key = None if idempotency_key is None else clean_idempotency_key(idempotency_key)
    row = {"user_id": user_id, "resume_id": resume_id, "idempotency_key": key, **fields}
    row["callback_url"] = None if callback_url is None else clean_callback_url(callback_url)
    level = parse_priority(priority)
    if key is None:
        # The common case is one statement: ownership check, quotas and insert together.
        with uow.statements():
            # The defaults; the statement applies the user's own override itself.
            limits = quotas.defaults()
            added = uow.jobs.add_if_resume_owned(
                (limits.max_in_flight, limits.submissions_per_minute),
                status=JobStatus.PENDING,
                callback_token_id=callback_token_id,
                priority=level.value,
                **row,
            )
            if added is None:
                quotas.check(uow, user_id)
                raise NotFound("resume", resume_id)
            job, created = added, True
    else:
        with uow.transaction():
            check_resume_owner(uow, user_id, resume_id)
            stored, created = _insert_once(uow, row, callback_token_id, level)
            job = JobRecord.from_row(stored)
    if created:  # counted once committed; a repeated idempotency key is not a new job
        record_submitted()
    published = created and publish_after_commit(publish, job.id, 1)
    return Submitted(job, created, published)


def _insert_once(
    uow: UnitOfWork,
    row: dict[str, Any],
    callback_token_id: int | None = None,
    priority: Priority = Priority.INTERACTIVE,
) -> tuple[Job, bool]:
    key = row["idempotency_key"]
    existing = None if key is None else uow.jobs.by_idempotency_key(row["user_id"], key)
    if existing is None:
        # A retry of a stored job is answered below whatever the quotas: only new jobs count.
        quotas.check(uow, row["user_id"])
        # The token is not compared on a retry: a client may retry with a fresh login.
        job = uow.jobs.add_unless_key_taken(
            status=JobStatus.PENDING,
            callback_token_id=callback_token_id,
            priority=priority.value,
            fair_key=uow.jobs.next_fair_key(row["user_id"], priority),
            **row,
        )
        if job is not None:
            return job, True
        # A concurrent submission with the same key won the race: answer with its job.
        existing = uow.jobs.by_idempotency_key(row["user_id"], key or "")
        if existing is None:
            raise RuntimeError(f"idempotency key {key!r} was taken, then vanished")
    same = all(getattr(existing, name) == value for name, value in row.items())
    if not same:
        raise Conflict(
            f"idempotency key {key!r} was already used for a different job ({existing.id}); "
            "use a new key for a new job"
        )
    return existing, False


__all__ = [
    "JobRequest",
    "NotFound",
    "Submitted",
    "SubmittedJobs",
    "submit",
    "submit_job",
    "submit_jobs",
]
