"""Batches: up to 1,000 postings for one resume in one call, followed and cancelled as a whole.

A batch is a row in `batches` and one job per posting (`jobs.batch_id`), `batch` priority by
default, so a person's interactive jobs run ahead of it and other users' work interleaves with
it (tailor_core.jobs.fairness). It counts as one submission against the per-minute quota and as its
jobs against the in-flight quota. When its last job ends the batch is marked finished, once, and
its callback URL (if any) gets one signed webhook.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tailor_core.db.unit_of_work import UnitOfWork, or_new
from tailor_core.domain import FINAL_STATUSES, MAX_BATCH_POSTINGS, JobStatus, Priority
from tailor_core.errors import InvalidInput, NotFound
from tailor_core.jobs import quotas
from tailor_core.jobs.crud import check_resume_owner, posting_fields
from tailor_core.jobs.fairness import parse_priority
from tailor_core.jobs.publishing import PublishMany, publish_after_commit
from tailor_core.validation import clean_callback_url, positive_id

if TYPE_CHECKING:
    from tailor_core.db.models import Batch

MAX_POSTINGS = MAX_BATCH_POSTINGS
EVENT = "batch.finished"

OnEnded = Callable[[int], object]


@dataclass(frozen=True)
class Posting:
    title: str
    company_name: str
    job_description: str


def submit_batch(
    *,
    user_id: int,
    resume_id: int,
    postings: Sequence[Posting],
    publish_many: PublishMany,
    priority: Priority | str = Priority.BATCH,
    callback_url: str | None = None,
    callback_token_id: int | None = None,
    uow: UnitOfWork | None = None,
) -> dict[str, Any]:
    """Store a batch and its jobs in one transaction, then publish their doorbells.

    All or nothing: one invalid posting or a quota refuses the batch and stores nothing.
    """

    user_id = positive_id("user_id", user_id)
    resume_id = positive_id("resume_id", resume_id)
    if not postings:
        raise InvalidInput("a batch needs at least one posting")
    if len(postings) > MAX_POSTINGS:
        raise InvalidInput(f"a batch holds at most {MAX_POSTINGS} postings, got {len(postings)}")
    level = parse_priority(priority)
    url = None if callback_url is None else clean_callback_url(callback_url)
    rows = []
    for index, posting in enumerate(postings):
        try:
            fields = posting_fields(posting.title, posting.company_name, posting.job_description)
        except InvalidInput as exc:
            raise InvalidInput(f"posting #{index + 1} of the batch: {exc.message}") from None
        rows.append(fields)
    uow = or_new(uow)
    if uow.in_transaction:
        raise RuntimeError("a batch commits before it publishes: submit it outside a transaction")
    with uow.transaction():
        check_resume_owner(uow, user_id, resume_id)
        quotas.check(uow, user_id, adding=len(rows))
        batch = uow.batches.add(
            user_id=user_id,
            resume_id=resume_id,
            total=len(rows),
            priority=level.value,
            callback_url=url,
            callback_token_id=callback_token_id,
        )
        first_key = uow.jobs.next_fair_key(user_id, level)
        job_rows = [
            {
                "user_id": user_id,
                "resume_id": resume_id,
                "status": JobStatus.PENDING,
                "priority": level.value,
                "fair_key": first_key + n,
                "batch_id": batch.id,
                **fields,
            }
            for n, fields in enumerate(rows)
        ]
        job_ids = uow.jobs.add_many(job_rows)
        record = _batch_record(batch)
    published = publish_after_commit(publish_many, job_ids, len(job_ids))
    return {**record, "job_ids": job_ids, "published": published}


def _batch_record(batch: Batch) -> dict[str, Any]:
    return {
        "id": batch.id,
        "user_id": batch.user_id,
        "resume_id": batch.resume_id,
        "total": batch.total,
        "priority": batch.priority,
        "callback_url": batch.callback_url,
        "created_at": batch.created_at,
        "cancelled_at": batch.cancelled_at,
        "finished_at": batch.finished_at,
    }


def _eta_seconds(
    counts: dict[str, int], total: int, started: datetime | str | None
) -> float | None:
    done = sum(counts.get(status.value, 0) for status in FINAL_STATUSES)
    if done == 0 or started is None or done >= total:
        return None if done < total else 0.0
    if isinstance(started, str):  # SQLite hands back its text timestamps (UTC)
        started = datetime.fromisoformat(started)
    if started.tzinfo is None:
        started = started.replace(tzinfo=UTC)
    elapsed = max((datetime.now(UTC) - started).total_seconds(), 0.001)
    return round((total - done) * elapsed / done, 1)


def batch_progress(
    user_id: int | None,
    batch_id: int,
    on_ended: OnEnded | None = None,
    *,
    uow: UnitOfWork | None = None,
) -> dict[str, Any]:
    """Counts by status, percentage done and an ETA (from the pace since its first start).

    `user_id` None reads anyone's batch: for operators (the CLI), never for the HTTP API.

    Reading the progress of a batch whose jobs have all ended also records its end (and sends
    its webhook, through `on_ended`), should the worker that ran its last job not have.
    """
    uow = or_new(uow)
    with uow.transaction():
        batch = uow.batches.get_owned(user_id, batch_id)
        if batch is None:
            raise NotFound("batch", batch_id)
        counts = uow.batches.status_counts(batch_id)
        started = uow.batches.first_start(batch_id)
        record = _batch_record(batch)
    done = sum(counts.get(status.value, 0) for status in FINAL_STATUSES)
    if done >= record["total"] and record["finished_at"] is None:
        end_batch_if_done(batch_id, on_ended, uow=uow)
    return {
        **record,
        "counts": {status.value: counts.get(status.value, 0) for status in JobStatus},
        "done": done,
        "percent": round(100.0 * done / record["total"], 1) if record["total"] else 100.0,
        "eta_seconds": _eta_seconds(counts, record["total"], started),
        "finished": done >= record["total"],
        "status_url": f"/v1/batches/{batch_id}",
    }


def cancel_batch(
    user_id: int | None,
    batch_id: int,
    on_ended: OnEnded | None = None,
    *,
    uow: UnitOfWork | None = None,
) -> dict[str, Any]:
    """Cancel every job of the batch that has not ended; the finished ones keep their result.

    The ownership check and the cancel are one transaction; the end check follows its commit,
    as after any finish (repositories/batches.py: mark_ended_if_done says why).
    """
    uow = or_new(uow)
    with uow.transaction():
        if uow.batches.get_owned(user_id, batch_id) is None:
            raise NotFound("batch", batch_id)
        uow.batches.cancel_unfinished(batch_id)
    end_batch_if_done(batch_id, on_ended, uow=uow)
    return batch_progress(user_id, batch_id, uow=uow)


def end_batch_if_done(
    batch_id: int, on_ended: OnEnded | None = None, *, uow: UnitOfWork | None = None
) -> bool:
    """Record the batch's end if all its jobs have ended; True for the one caller that did."""
    uow = or_new(uow)
    with uow.statements():
        ended, has_callback = uow.batches.mark_ended_if_done(batch_id)
    if ended and has_callback and on_ended is not None:
        on_ended(batch_id)
    return ended


def payload(batch: Batch, counts: dict[str, int]) -> bytes:
    document = {
        "event": EVENT,
        "batch": {
            "id": batch.id,
            "user_id": batch.user_id,
            "resume_id": batch.resume_id,
            "total": batch.total,
            "counts": {status.value: counts.get(status.value, 0) for status in JobStatus},
            "cancelled": batch.cancelled_at is not None,
            "finished_at": batch.finished_at.isoformat() if batch.finished_at else None,
            "status_url": f"/v1/batches/{batch.id}",
        },
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode("utf-8")


def load_delivery(
    batch_id: int, *, uow: UnitOfWork | None = None
) -> tuple[str, bytes, str | None, bool] | None:
    """(url, body, secret, already delivered) for an ended batch with a callback; else None."""
    uow = or_new(uow)
    with uow.transaction():
        found = uow.batches.delivery(batch_id)
        if found is None:
            return None
        batch, secret = found
        if batch.callback_url is None or batch.finished_at is None:
            return None
        body = payload(batch, uow.batches.status_counts(batch_id))
        return batch.callback_url, body, secret, batch.callback_delivered_at is not None


def mark_delivered(batch_id: int, *, uow: UnitOfWork | None = None) -> None:
    uow = or_new(uow)
    with uow.transaction():
        uow.batches.mark_delivered(batch_id)
