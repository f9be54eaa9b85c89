"""The one webhook of a batch, when its last job has ended; delivered as job webhooks are.

At least once (dedupe on `X-Tailor-Delivery: batch-<id>`); a delivered batch is marked, so a
duplicate of the task sends nothing.
"""

from __future__ import annotations

import logging

from tailor_core.db.sql_unit_of_work import SqlUnitOfWork
from tailor_core.jobs.batches import load_delivery, mark_delivered
from tailor_worker.app import app
from tailor_worker.routing import DELIVER_BATCH_WEBHOOK
from tailor_worker.webhook_delivery import DeliveryTask, deliver

log = logging.getLogger(__name__)


def enqueue_batch_webhook(batch_id: int) -> None:
    """Enqueue the delivery of an ended batch's webhook; never raises (the end is recorded)."""
    try:
        app.send_task(DELIVER_BATCH_WEBHOOK, args=[batch_id])
    except Exception:
        log.warning("batch %s: could not enqueue its webhook", batch_id, exc_info=True)


@app.task(base=DeliveryTask, name=DELIVER_BATCH_WEBHOOK)
def deliver_batch_webhook(batch_id: int) -> str:
    uow = SqlUnitOfWork()  # the task's unit of work
    return deliver(
        f"batch-{batch_id}",
        lambda: load_delivery(batch_id, uow=uow),
        lambda: mark_delivered(batch_id, uow=uow),
    )
