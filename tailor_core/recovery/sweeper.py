"""The sweeper: recover jobs whose worker died or whose doorbell was lost.

Liveness is decided by the lease a running job keeps renewing, not by age, so a slow job that is
alive is never run twice. A PENDING job older than a grace period is re-published when no
message for it is waiting in the queue or held by a live worker (`live_messages`, which the
broker side answers): its message was lost. A long queue does not hide a lost message, and a
message a worker holds (a countdown retry during a database outage) is not published twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from tailor_core.db.unit_of_work import UnitOfWork, or_new
from tailor_core.domain import JobStatus
from tailor_core.jobs.metrics import record_finished
from tailor_core.jobs.publishing import PublishMany
from tailor_core.settings import Settings

LOST_WORKER = "the worker stopped answering while it ran the job (lease expired)"
REPUBLISH_BATCH = 1000

# Given PENDING job ids, answers those that have a message queued or held by a live worker.
LiveMessages = Callable[[Sequence[int]], Collection[int]]
# How many doorbells (job messages, whatever id they carry) are queued or held by live workers;
# None when the broker cannot say.
Doorbells = Callable[[], int | None]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SweepReport:
    requeued: list[int]
    republished: list[int]
    # Jobs failed at the attempt limit whose owner asked to be called back.
    failed_with_callback: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {"requeued": len(self.requeued), "republished": len(self.republished)}


def sweep(
    settings: Settings,
    *,
    live_messages: LiveMessages,
    publish_many: PublishMany,
    doorbells: Doorbells | None = None,
    uow: UnitOfWork | None = None,
) -> SweepReport:
    """Requeue the jobs of dead workers; ring again for PENDING jobs nothing will claim.

    A message is a doorbell: any one runs the next job in fair order, so a PENDING job whose
    own message went to run another job is not lost while as many doorbells ring as jobs wait.
    With `doorbells`, only that shortfall is published again (the oldest jobs first); without
    it, every stale job with no message of its own id is.
    """
    uow = or_new(uow)
    with uow.transaction():
        requeued, failed, failed_count = uow.recovery.expire_lost_leases(
            settings.max_attempts, LOST_WORKER
        )
        stale = uow.recovery.stale_pending(settings.republish_after, REPUBLISH_BATCH)
        waiting = uow.recovery.count_pending() if stale and doorbells is not None else 0
    # Counted once committed, with the error the jobs got (its reason label is worker_lost).
    error = f"gave up after {settings.max_attempts} attempts: {LOST_WORKER}"
    record_finished(JobStatus.FAILED, error=error, count=failed_count)
    lost: list[int] = []
    if stale:
        live = set(live_messages(stale))
        lost = [job_id for job_id in stale if job_id not in live]
        ringing = doorbells() if lost and doorbells is not None else None
        if ringing is not None:
            lost = lost[: max(0, waiting - ringing)]
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
