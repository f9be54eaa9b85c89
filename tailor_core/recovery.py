"""The sweeper: recover jobs whose worker died or whose doorbell was lost.

Liveness is decided by the lease a running job keeps renewing, not by age, so a slow job that is
alive is never run twice. A PENDING job is re-published only when the broker's queue is empty
(nothing is waiting, so its message must have been lost) and it is older than a grace period.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from tailor_core.db.session import unit_of_work
from tailor_core.domain import JobStatus
from tailor_core.job_metrics import record_finished
from tailor_core.producer import PublishMany
from tailor_core.repositories import jobs as repo
from tailor_core.settings import Settings

LOST_WORKER = "the worker stopped answering while it ran the job (lease expired)"
REPUBLISH_BATCH = 1000

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SweepReport:
    requeued: list[int]
    republished: list[int]
    # Jobs failed at the attempt limit whose owner asked to be called back.
    failed_with_callback: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {"requeued": len(self.requeued), "republished": len(self.republished)}


def sweep(settings: Settings, *, queue_is_empty: bool, publish_many: PublishMany) -> SweepReport:
    with unit_of_work() as session:
        requeued, failed, failed_count = repo.expire_lost_leases(
            session, settings.max_attempts, LOST_WORKER
        )
    # Counted once committed, with the error the jobs got (its reason label is worker_lost).
    error = f"gave up after {settings.max_attempts} attempts: {LOST_WORKER}"
    record_finished(JobStatus.FAILED, error=error, count=failed_count)
    lost: list[int] = []
    if queue_is_empty:
        with unit_of_work() as session:
            lost = repo.stale_pending(session, settings.republish_after, REPUBLISH_BATCH)
    to_publish = sorted(set(requeued) | set(lost))
    if to_publish:
        publish_many(to_publish)
        log.warning(
            "sweeper: re-published %d job(s): %d from lost workers, %d lost messages",
            len(to_publish),
            len(requeued),
            len(set(lost) - set(requeued)),
        )
    return SweepReport(requeued=requeued, republished=to_publish, failed_with_callback=failed)
