"""Finishing a claimed job: one statement, fenced by the attempt number, that also says what
must follow it (a webhook to deliver, a batch whose end to check)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Text, and_, bindparam, exists, func, null, update
from sqlalchemy.orm import Session, aliased

from tailor_core.db import prepared
from tailor_core.db.expressions import inline
from tailor_core.db.models import Job
from tailor_core.db.prepared import PreparedStatement
from tailor_core.domain import JobStatus
from tailor_core.repositories.claims import PROCESSING
from tailor_core.repositories.connections import core

_queued = aliased(Job, name="queued")

# `batch_tail`: the job is in a batch that has no queued job left, so this finish may be its
# last and the batch's end is checked (tailor_core.batches); other jobs of a batch skip that
# round trip. Without a batch the subquery is never run.
FINISH = PreparedStatement(
    "tailor_finish_v3",
    update(Job)
    .where(Job.id == bindparam("job_id"), PROCESSING, Job.attempts == bindparam("attempt"))
    .values(
        status=bindparam("new_status", type_=Job.status.type),
        tailored_resume_text=bindparam("tailored_text", type_=Job.tailored_resume_text.type),
        # The JSON text itself (finish_with_followups encoded it): no second encoding.
        report=bindparam("report", type_=Text()),
        error=bindparam("error", type_=Job.error.type),
        finished_at=func.now(),
        lease_expires_at=null(),
    )
    .returning(
        Job.callback_url,
        Job.batch_id,
        and_(
            Job.batch_id.is_not(None),
            ~exists().where(
                _queued.batch_id == Job.batch_id, _queued.status == inline(JobStatus.PENDING)
            ),
        ).label("batch_tail"),
    ),
)


@dataclass(frozen=True)
class Finished:
    applied: bool
    callback_url: str | None = None
    batch_id: int | None = None
    batch_tail: bool = False


def finish(session: Session | Connection, job_id: int, attempt: int, **values: Any) -> bool:
    """Fenced finish: applies only while this attempt still holds the claim.

    Takes the same keywords as `finish_with_followups` (status, tailored_text, report, error).
    """
    return finish_with_followups(session, job_id, attempt, **values).applied


def finish_with_followups(
    session: Session | Connection,
    job_id: int,
    attempt: int,
    *,
    status: JobStatus,
    tailored_text: str | None = None,
    report: dict[str, Any] | None = None,
    error: str | None = None,
    report_json: str | None = None,
) -> Finished:
    """The fenced finish, returning what must follow it (a webhook, a batch's end check).

    `report_json`: the report already encoded (tailor_core.jobs.processing.check_storable),
    written as it is rather than encoded a second time.
    """
    if report_json is None and report is not None:
        report_json = json.dumps(report)
    params: dict[str, Any] = {
        "job_id": job_id,
        "attempt": attempt,
        "new_status": JobStatus(status),
        "tailored_text": tailored_text,
        "report": report_json,
        "error": error,
    }
    row = prepared.execute(core(session), FINISH, params).first()
    if row is None:
        return Finished(False)
    return Finished(True, row.callback_url, row.batch_id, bool(row.batch_tail))
