"""The producer: store the job, commit, and only then ring the broker's doorbell.

The publish callables are handed in, so this module knows nothing of Celery: the worker package
passes real ones, tests can pass `list.append` / `list.extend`.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tailor_core.db.unit_of_work import UnitOfWork, or_new
from tailor_core.domain import JobStatus, Priority
from tailor_core.errors import Conflict, InvalidInput, NotFound
from tailor_core.jobs import quotas
from tailor_core.jobs.crud import check_resume_owner, posting_fields
from tailor_core.jobs.metrics import record_submitted
from tailor_core.records import JobRecord
from tailor_core.validation import clean_callback_url, clean_idempotency_key, positive_id

MAX_BATCH = 10_000

Publish = Callable[[int], object]
PublishMany = Callable[[Sequence[int]], object]

if TYPE_CHECKING:
    from tailor_core.db.models import Job

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobRequest:
    user_id: int
    resume_id: int
    title: str
    company_name: str
    job_description: str


def publish_after_commit(publish: Callable[[Any], object], payload: Any, count: int) -> bool:
    # The committed row is the source of truth: a failed publish leaves a PENDING job that the
    # sweeper re-publishes, so the caller's submission still succeeded.
    try:
        publish(payload)
    except Exception as exc:
        # One line: the broker's client would add a hundred lines of retries to each warning.
        log.warning(
            "stored %d job(s) but the broker refused their messages (%s: %s); they stay "
            "PENDING and the sweeper publishes them once it takes messages again",
            count,
            type(exc).__name__,
            exc,
        )
        log.debug("publish failure", exc_info=True)
        return False
    return True


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
    uow = _own(uow)
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


def _own(uow: UnitOfWork | None) -> UnitOfWork:
    uow = or_new(uow)
    if uow.in_transaction:
        # Joined to the caller's transaction, the publish would ring before the row is visible.
        raise RuntimeError(
            "the producer commits before it publishes: call it outside a transaction"
        )
    return uow


def parse_priority(priority: Priority | str) -> Priority:
    try:
        return Priority(str(priority).lower())
    except ValueError:
        allowed = ", ".join(p.value for p in Priority)
        raise InvalidInput(f"unknown priority {priority!r}; use one of {allowed}") from None


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


def _rows(requests: Sequence[JobRequest], priority: Priority) -> list[dict[str, Any]]:
    rows = []
    for index, request in enumerate(requests):
        try:
            rows.append(
                {
                    "user_id": positive_id("user_id", request.user_id),
                    "resume_id": positive_id("resume_id", request.resume_id),
                    "status": JobStatus.PENDING,
                    "priority": priority.value,
                    **posting_fields(request.title, request.company_name, request.job_description),
                }
            )
        except InvalidInput as exc:
            raise InvalidInput(f"job #{index + 1} of the batch: {exc.message}") from None
    return rows


class SubmittedJobs(list[int]):
    """The new jobs' ids; `published` is False when the broker refused some or all messages
    (down, or out of memory). The jobs are stored all the same and stay PENDING: the sweeper
    publishes them within TAILOR_REPUBLISH_AFTER + TAILOR_SWEEP_INTERVAL once the broker
    takes messages again."""

    published: bool = True


def submit_jobs(
    requests: Sequence[JobRequest],
    publish_many: PublishMany,
    priority: Priority | str = Priority.BATCH,
    *,
    uow: UnitOfWork | None = None,
) -> SubmittedJobs:
    """Insert many PENDING jobs in one transaction, then publish all ids in one pipelined call.

    All or nothing: one invalid request, or a quota of one of the users, refuses the whole
    batch and stores nothing. The jobs are `batch` priority unless told otherwise. Check
    `.published` on the answer: False means the sweeper, not this call, will deliver them.
    """
    if len(requests) > MAX_BATCH:
        raise InvalidInput(f"a batch holds at most {MAX_BATCH} jobs, got {len(requests)}")
    rows = _rows(requests, parse_priority(priority))
    uow = _own(uow)
    with uow.transaction():
        owners = uow.resumes.owners({row["resume_id"] for row in rows})
        for index, row in enumerate(rows):
            if owners.get(row["resume_id"]) != row["user_id"]:
                raise InvalidInput(
                    f"job #{index + 1} of the batch: resume {row['resume_id']} not found"
                )
        assign_fair_keys(uow, rows)
        job_ids = SubmittedJobs(uow.jobs.add_many(rows))
    record_submitted(len(job_ids))
    if job_ids:
        job_ids.published = publish_after_commit(publish_many, job_ids, len(job_ids))
    return job_ids


def assign_fair_keys(uow: UnitOfWork, rows: list[dict[str, Any]]) -> None:
    """Check each user's quotas for their share of `rows` and give each row its fair key: a
    user's jobs get consecutive keys from their next one (tailor_core.repositories.fairness)."""
    counts = Counter(row["user_id"] for row in rows)
    for user_id, count in counts.items():
        quotas.check(uow, user_id, adding=count)
    next_keys: dict[tuple[int, str], int] = {}
    for row in rows:
        slot = (row["user_id"], row["priority"])
        if slot not in next_keys:
            next_keys[slot] = uow.jobs.next_fair_key(slot[0], Priority(slot[1]))
        row["fair_key"] = next_keys[slot]
        next_keys[slot] += 1


__all__ = [
    "JobRequest",
    "NotFound",
    "Submitted",
    "SubmittedJobs",
    "submit",
    "submit_job",
    "submit_jobs",
]
