"""Where the jobs stand: counts, the oldest waiting job, throughput (for `tailor stats`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tailor_core.db.unit_of_work import UnitOfWork, or_new
from tailor_core.domain import JobStatus

WINDOWS_MINUTES = (1, 5, 15)


@dataclass(frozen=True)
class Stats:
    by_status: dict[str, int]
    failed_by_reason: dict[str, int]
    oldest_pending_seconds: float | None
    # Minutes -> {status: jobs that finished in that status within the last that many minutes}.
    finished_last: dict[int, dict[str, int]] = field(default_factory=dict)

    def throughput_per_minute(self, minutes: int) -> float:
        return self.finished_last[minutes].get(JobStatus.COMPLETED.value, 0) / minutes

    def as_dict(self) -> dict[str, object]:
        return {
            "by_status": {s.value: self.by_status.get(s.value, 0) for s in JobStatus},
            "failed_by_reason": self.failed_by_reason,
            "oldest_pending_seconds": self.oldest_pending_seconds,
            "finished_last_minutes": {str(m): c for m, c in self.finished_last.items()},
            "completed_per_minute": {
                str(m): round(self.throughput_per_minute(m), 3) for m in self.finished_last
            },
        }


def job_stats(*, uow: UnitOfWork | None = None) -> Stats:
    uow = or_new(uow)
    with uow.transaction():
        return Stats(
            by_status=uow.stats.counts_by_status(),
            failed_by_reason=uow.stats.failures_by_reason(),
            oldest_pending_seconds=uow.stats.oldest_pending_seconds(),
            finished_last={m: uow.stats.finished_since(m * 60) for m in WINDOWS_MINUTES},
        )


@dataclass(frozen=True)
class Current:
    """The jobs right now, for Prometheus' gauges (counters live in tailor_core.jobs.metrics)."""

    by_status: dict[str, int]
    oldest_pending_seconds: float | None


def current_jobs(*, uow: UnitOfWork | None = None) -> Current:
    uow = or_new(uow)
    with uow.transaction():
        return Current(
            by_status=uow.stats.counts_by_status(),
            oldest_pending_seconds=uow.stats.oldest_pending_seconds(),
        )
