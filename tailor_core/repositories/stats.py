"""Aggregates over the jobs table for `tailor stats` and the Prometheus gauges."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from tailor_core.db.expressions import seconds_from_now
from tailor_core.db.models import Job
from tailor_core.domain import FAILURE_REASONS, OTHER_FAILURE, JobStatus

# A FAILED job's error, grouped into a few stable labels (free text would explode metrics).
FAILURE_REASON = case(
    *((Job.error.like(pattern), label) for pattern, label in FAILURE_REASONS),
    else_=OTHER_FAILURE,
)


def counts_by_status(session: Session) -> dict[str, int]:
    rows = session.execute(select(Job.status, func.count()).group_by(Job.status))
    return {str(status): count for status, count in rows}


def failures_by_reason(session: Session) -> dict[str, int]:
    reason = FAILURE_REASON.label("reason")
    rows = session.execute(
        select(reason, func.count()).where(Job.status == JobStatus.FAILED).group_by(reason)
    )
    return {str(label): count for label, count in rows}


def oldest_pending_seconds(session: Session) -> float | None:
    oldest = session.scalar(select(func.min(Job.created_at)).where(Job.status == JobStatus.PENDING))
    if oldest is None:
        return None
    if oldest.tzinfo is None:  # SQLite keeps UTC without a zone
        oldest = oldest.replace(tzinfo=UTC)
    return max(0.0, (datetime.now(UTC) - oldest).total_seconds())


def finished_since(session: Session, seconds: float) -> dict[str, int]:
    rows = session.execute(
        select(Job.status, func.count())
        .where(Job.finished_at >= seconds_from_now(-seconds))
        .group_by(Job.status)
    )
    return {str(status): count for status, count in rows}
