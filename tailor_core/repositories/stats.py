"""Aggregates over the jobs table for `tailor stats` and the Prometheus collector."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import case, extract, func, select
from sqlalchemy.orm import Session

from tailor_core.db.expressions import seconds_from_now
from tailor_core.db.models import Job
from tailor_core.domain import JobStatus

# A FAILED job's error, grouped into a few stable labels (free text would explode metrics).
FAILURE_REASON = case(
    (Job.error.like("the tailoring engine%"), "engine"),
    (Job.error.like("gave up after % retries%"), "unavailable"),
    (Job.error.like("gave up after % attempts%"), "worker_lost"),
    (Job.error.like("marked as failed%"), "operator"),
    else_="other",
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


def duration_buckets(session: Session, bounds: Sequence[float]) -> tuple[list[int], int, float]:
    """Cumulative counts of COMPLETED jobs' (finished_at - started_at) <= each bound, the
    total count and the sum of seconds: a Prometheus histogram computed by the database."""
    seconds = extract("epoch", Job.finished_at - Job.started_at)
    columns = [func.count().filter(seconds <= bound) for bound in bounds]
    row = session.execute(
        select(*columns, func.count(), func.coalesce(func.sum(seconds), 0)).where(
            Job.status == JobStatus.COMPLETED,
            Job.started_at.is_not(None),
            Job.finished_at.is_not(None),
        )
    ).one()
    values = list(row)
    return [int(v) for v in values[:-2]], int(values[-2]), float(values[-1])
