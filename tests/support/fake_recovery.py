"""The fake unit of work's whole-table reads and sweeps: `tailor stats` and the sweeper."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from tailor_core.domain import JobStatus, failure_reason
from tests.support.fake_jobs import _now

if TYPE_CHECKING:
    from tests.support.fake_unit_of_work import FakeUnitOfWork


class _JobsView:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def _jobs(self, *statuses: JobStatus) -> list[dict[str, Any]]:
        rows = sorted(self._uow.jobs.rows.values(), key=lambda r: r["id"])
        return [r for r in rows if not statuses or r["status"] in statuses]


def _counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[str(row["status"])] = counts.get(str(row["status"]), 0) + 1
    return counts


class FakeStats(_JobsView):
    def counts_by_status(self) -> dict[str, int]:
        return _counts(self._jobs())

    def failures_by_reason(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in self._jobs(JobStatus.FAILED):
            reason = failure_reason(row["error"])
            counts[reason] = counts.get(reason, 0) + 1
        return counts

    def oldest_pending_seconds(self) -> float | None:
        oldest = min((r["created_at"] for r in self._jobs(JobStatus.PENDING)), default=None)
        return None if oldest is None else max(0.0, (_now() - oldest).total_seconds())

    def finished_since(self, seconds: float) -> dict[str, int]:
        since = _now() - timedelta(seconds=seconds)
        return _counts([r for r in self._jobs() if (r["finished_at"] or _OLD) >= since])


_OLD = datetime.min.replace(tzinfo=UTC)


class FakeRecovery(_JobsView):
    def expire_lost_leases(
        self, max_attempts: int, reason: str
    ) -> tuple[list[int], list[int], int]:
        now = _now()
        # As in SQL, a job without a lease (NULL) has not run out of one.
        leases = [(r, r.get("lease_expires_at")) for r in self._jobs(JobStatus.PROCESSING)]
        expired = [r for r, lease in leases if lease is not None and lease < now]
        failed = [r for r in expired if r["attempts"] >= max_attempts]
        for row in failed:
            error = f"gave up after {max_attempts} attempts: {reason}"
            row.update(status=JobStatus.FAILED, error=error, finished_at=_now())
            row["lease_expires_at"] = None
        requeued = [r for r in expired if r not in failed]
        for row in requeued:
            row.update(status=JobStatus.PENDING, error=reason, lease_expires_at=None)
        to_notify = [r["id"] for r in failed if r["callback_url"]]
        return [r["id"] for r in requeued], to_notify, len(failed)

    def stale_pending(self, older_than_seconds: float, limit: int) -> list[int]:
        before = _now() - timedelta(seconds=older_than_seconds)
        stale = [r for r in self._jobs(JobStatus.PENDING) if r["created_at"] < before]
        return [r["id"] for r in sorted(stale, key=lambda r: r["created_at"])][:limit]

    def count_pending(self) -> int:
        return len(self._jobs(JobStatus.PENDING))
