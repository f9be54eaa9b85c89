"""The one webhook of a batch, when its last job has ended; delivered as job webhooks are.

At least once (dedupe on `X-Tailor-Delivery: batch-<id>`); a delivered batch is marked, so a
duplicate of the task sends nothing.
"""

from __future__ import annotations

import logging

import httpx
from celery import Task

from tailor_core.batches import load_delivery, mark_delivered
from tailor_core.errors import TransientError
from tailor_core.settings import get_settings
from tailor_worker.app import app
from tailor_worker.backoff import backoff
from tailor_worker.webhook_delivery import post, resolve_target

TASK_NAME = "tailor.deliver_batch_webhook"

log = logging.getLogger(__name__)


def enqueue_batch_webhook(batch_id: int) -> None:
    """Enqueue the delivery of an ended batch's webhook; never raises (the end is recorded)."""
    try:
        app.send_task(TASK_NAME, args=[batch_id])
    except Exception:
        log.warning("batch %s: could not enqueue its webhook", batch_id, exc_info=True)


@app.task(bind=True, name=TASK_NAME, max_retries=None, ignore_result=True)
def deliver_batch_webhook(self: Task, batch_id: int) -> str:
    try:
        found = load_delivery(batch_id)
    except TransientError as exc:
        raise self.retry(countdown=backoff(self.request.retries), exc=exc) from exc
    if found is None:
        return "no-callback"
    url, body, secret, delivered = found
    if delivered:
        return "already-delivered"
    if secret is None:
        log.error("batch %s: the token that asked for its webhook is gone; not sent", batch_id)
        return "no-secret"
    # Resolved once, and the POST goes to the checked address (no DNS rebinding).
    address, refusal = resolve_target(url, get_settings().webhook_allow_private)
    if address is None:
        log.error("batch %s: webhook to %s not sent: %s", batch_id, url, refusal)
        return "refused"
    try:
        status = post(url, body, secret, f"batch-{batch_id}", address)
        problem = None if 200 <= status < 300 else f"answered HTTP {status}"
    except (OSError, ValueError, httpx.HTTPError) as exc:
        problem = f"{type(exc).__name__}: {exc}"
    if problem is None:
        mark_delivered(batch_id)
        log.info("batch %s: webhook delivered", batch_id)
        return "delivered"
    retries = self.request.retries
    if retries >= get_settings().webhook_max_retries:
        log.error("batch %s: webhook gave up after %d retries: %s", batch_id, retries, problem)
        return "gave-up"
    log.warning("batch %s: webhook to %s %s; retrying", batch_id, url, problem)
    raise self.retry(countdown=backoff(retries))
