"""The publish callables handed to tailor_core's producer."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from tailor_worker.app import app
from tailor_worker.routing import PROCESS_JOB

BATCH_SIZE = 1000

log = logging.getLogger(__name__)


def publish_job(job_id: int) -> None:
    app.send_task(PROCESS_JOB, args=[job_id])


def publish_jobs(job_ids: Sequence[int]) -> None:
    """One connection and, on Redis, pipelined LPUSHes instead of a round trip per job."""
    with app.producer_or_acquire() as producer, producer.batch(max_size=BATCH_SIZE):
        for job_id in job_ids:
            app.send_task(PROCESS_JOB, args=[job_id], producer=producer)


def publish_job_later(job_id: int, seconds: float) -> None:
    """Ring a handed-back job's doorbell when it is due; never raises (the job is stored, and
    the sweeper re-publishes a PENDING job whose message is lost)."""
    try:
        app.send_task(PROCESS_JOB, args=[job_id], countdown=max(0.0, seconds))
    except Exception:
        log.warning("job %s: could not publish its delayed doorbell", job_id, exc_info=True)
