"""Submitting many jobs at once: one transaction, then one pipelined publish of every id."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tailor_core.db.unit_of_work import UnitOfWork
from tailor_core.domain import JobStatus, Priority
from tailor_core.errors import InvalidInput
from tailor_core.jobs import quotas
from tailor_core.jobs.crud import posting_fields
from tailor_core.jobs.fairness import parse_priority
from tailor_core.jobs.metrics import record_submitted
from tailor_core.jobs.publishing import PublishMany, outside_transaction, publish_after_commit
from tailor_core.validation import positive_id

MAX_BATCH = 10_000


@dataclass(frozen=True)
class JobRequest:
    user_id: int
    resume_id: int
    title: str
    company_name: str
    job_description: str


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
    uow = outside_transaction(uow)
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
