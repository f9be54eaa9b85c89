"""What a completion webhook carries and how it is signed (no HTTP here: see tailor_worker).

Signature: `X-Tailor-Signature: sha256=<hex>` is HMAC-SHA256, keyed with the submitting token's
webhook secret, over `<X-Tailor-Timestamp>.<raw body>`; receivers recompute it, compare in
constant time, and refuse timestamps more than a few minutes old (replays).
"""

from __future__ import annotations

import hashlib
import hmac
import json

from tailor_core.db.unit_of_work import UnitOfWork, or_new
from tailor_core.records import JobRecord

SIGNATURE_HEADER = "X-Tailor-Signature"
TIMESTAMP_HEADER = "X-Tailor-Timestamp"
DELIVERY_HEADER = "X-Tailor-Delivery"
EVENT = "job.finished"


# What a receiver is told of the job: these fields of its JobRecord, and where to read the rest.
PAYLOAD_FIELDS = ("id", "status", "user_id", "resume_id", "title", "company_name", "error")


def payload(job: JobRecord) -> bytes:
    shown: dict[str, object] = {name: getattr(job, name) for name in PAYLOAD_FIELDS}
    shown["finished_at"] = job.finished_at.isoformat() if job.finished_at else None
    shown["status_url"] = job.status_url
    document = {"event": EVENT, "job": shown}
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def pending_callback(job_id: int, *, uow: UnitOfWork | None = None) -> tuple[str, str] | None:
    """(url, status) when the job has a callback that has not been delivered yet."""
    uow = or_new(uow)
    with uow.transaction():
        found = uow.jobs.pending_callback(job_id)
    return None if found is None else (found[0], str(found[1]))


def load_delivery(
    job_id: int, *, uow: UnitOfWork | None = None
) -> tuple[str, bytes, str | None, bool] | None:
    """(url, body, secret, already delivered) for a job with a callback; None otherwise."""
    uow = or_new(uow)
    with uow.transaction():
        found = uow.jobs.delivery(job_id)
        if found is None:
            return None
        job, secret = found
        url = job.callback_url
        if url is None or not job.status.is_final:
            return None
        body = payload(JobRecord.from_row(job))
        return url, body, secret, job.callback_delivered_at is not None


def mark_delivered(job_id: int, *, uow: UnitOfWork | None = None) -> None:
    uow = or_new(uow)
    with uow.transaction():
        uow.jobs.mark_delivered(job_id)
