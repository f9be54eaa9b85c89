"""Completion webhooks: one signed POST per finished job that asked for one, retried with backoff.

Delivery runs in its own task, so a slow or dead receiver never holds up tailoring. Delivery is
at least once (a receiver may see a job twice: dedupe on `X-Tailor-Delivery`); a delivered job
is marked, so later duplicates of the task send nothing.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx

from tailor_core.db.sql_unit_of_work import SqlUnitOfWork
from tailor_core.errors import (
    EXIT_UNAVAILABLE,
    Outcome,
    TaskOutcome,
    TransientError,
)
from tailor_core.settings import get_settings
from tailor_core.webhooks import (
    DELIVERY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    load_delivery,
    mark_delivered,
    pending_callback,
    sign,
)
from tailor_worker.app import app
from tailor_worker.backoff import RETRIED, RetryingTask, backoff_cap
from tailor_worker.routing import DELIVER_WEBHOOK

TIMEOUT_SECONDS = 10
FINAL = {"COMPLETED", "FAILED", "CANCELLED"}

log = logging.getLogger(__name__)


def notify_if_finished(job_id: int) -> None:
    """Enqueue the job's webhook if it has a callback URL and has finished. Cheap, never raises.

    Call it after a job may have ended (the worker after processing, the API after a cancel).
    """
    try:
        found = pending_callback(job_id)
        if found is not None and found[1] in FINAL:
            app.send_task(DELIVER_WEBHOOK, args=[job_id])
    except Exception:
        # The job's own outcome is already committed; a lost webhook must not undo or delay it.
        log.warning("job %s: could not enqueue its webhook", job_id, exc_info=True)


def enqueue_webhook(job_id: int) -> None:
    """Enqueue the delivery of a job known to have finished with a callback URL; never raises."""
    try:
        app.send_task(DELIVER_WEBHOOK, args=[job_id])
    except Exception:
        log.warning("job %s: could not enqueue its webhook", job_id, exc_info=True)


def resolve_target(url: str, allow_private: bool) -> tuple[str | None, str | None]:
    """(address to connect to, None) or (None, why not): the URL's host is resolved ONCE.

    The connection is then made to this very address (see post), so a DNS answer that changes
    between the check and the connection (DNS rebinding) cannot reach an internal address.
    """
    host = urlsplit(url).hostname or ""
    try:
        addresses = [str(info[4][0]) for info in socket.getaddrinfo(host, None)]
    except OSError as exc:
        return None, f"cannot resolve {host!r}: {exc}"
    if not addresses:
        return None, f"cannot resolve {host!r}: no address"
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not allow_private and (not ip.is_global or ip.is_multicast):
            return None, (
                f"{host} resolves to {ip}, an internal address "
                "(allow with TAILOR_WEBHOOK_ALLOW_PRIVATE=true)"
            )
    return addresses[0].split("%")[0], None


def internal_target(url: str) -> str | None:
    """Why `url` points inside our own network (SSRF), or None when it is a public address."""
    return resolve_target(url, allow_private=False)[1]


def post(url: str, body: bytes, secret: str, delivery: str, address: str) -> int:
    """POST to `address` (already checked), with the URL's host in Host and in TLS SNI, so the
    certificate is verified for the name while the socket goes to the checked address."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    literal = f"[{address}]" if ":" in address else address
    port = f":{parts.port}" if parts.port is not None else ""
    pinned = parts._replace(netloc=literal + port).geturl()
    timestamp = str(int(time.time()))
    headers = {
        "Host": (f"[{host}]" if ":" in host else host) + port,
        "Content-Type": "application/json",
        "User-Agent": "tailor-webhooks/1",
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(secret, timestamp, body),
        DELIVERY_HEADER: delivery,
    }
    # No redirects: one would turn the signed POST into a request somewhere else, unchecked.
    with httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False) as client:
        response = client.post(
            pinned, content=body, headers=headers, extensions={"sni_hostname": host}
        )
    return response.status_code


# What a delivery reads (url, body, secret or None, delivered?) and how it is marked done.
Delivery = tuple[str, bytes, str | None, bool]


class ReceiverFailed(TransientError):
    """The webhook's receiver answered an error or did not answer; the delivery is retried."""

    outcome = Outcome(503, EXIT_UNAVAILABLE, TaskOutcome.RETRY)


class DeliveryTask(RetryingTask):
    """A webhook delivery's policy: retried with backoff up to TAILOR_WEBHOOK_MAX_RETRIES times.

    A receiver that still fails then is given up on, logged. Our own outage (the database down)
    is never a reason to drop a webhook: once the retries are spent, the delivery starts over as
    a new message, due after the longest backoff, until the database answers again.
    """

    max_retries = get_settings().webhook_max_retries
    ignore_result = True

    def on_retry(self, exc: Any, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        if isinstance(exc, ReceiverFailed):
            log.warning("%s; retrying", exc.message)

    def on_failure(self, exc: Any, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        if isinstance(exc, ReceiverFailed):
            log.error("%s; gave up after %d retries", exc.message, self.max_retries)
        elif isinstance(exc, RETRIED):
            where = f"{self.name}{list(args)}"
            try:
                self.apply_async(args=args, kwargs=kwargs, countdown=backoff_cap())
            except Exception as again:  # the broker is down too: nothing left to hold it
                log.error("%s: %s; could not queue it again (%s)", where, exc.message, again)
                return
            log.warning("%s: %s; starting its retries over", where, exc.message)


def deliver(label: str, load: Callable[[], Delivery | None], mark: Callable[[], object]) -> str:
    """One attempt at a signed webhook (`label`: "job-12", "batch-3", also its delivery id).

    Database down (TransientError) or a receiver that fails (ReceiverFailed): raised, so the
    task's policy retries it. Already delivered, no callback, or its token gone: nothing is
    sent. The host is resolved once and the POST goes to that checked address.
    """
    who = label.replace("-", " ", 1)
    found = load()
    if found is None:
        return "no-callback"
    url, body, secret, delivered = found
    if delivered:
        return "already-delivered"
    if secret is None:
        log.error("%s: the token that asked for its webhook is gone; not sent", who)
        return "no-secret"
    address, refusal = resolve_target(url, get_settings().webhook_allow_private)
    if address is None:
        log.error("%s: webhook to %s not sent: %s", who, url, refusal)
        return "refused"
    try:
        status = post(url, body, secret, label, address)
        problem = None if 200 <= status < 300 else f"answered HTTP {status}"
    except (OSError, ValueError, httpx.HTTPError) as exc:
        problem = f"{type(exc).__name__}: {exc}"
    if problem is not None:
        raise ReceiverFailed(f"{who}: webhook to {url} {problem}")
    mark()
    log.info("%s: webhook delivered", who)
    return "delivered"


@app.task(base=DeliveryTask, name=DELIVER_WEBHOOK)
def deliver_webhook(job_id: int) -> str:
    uow = SqlUnitOfWork()  # the task's unit of work
    return deliver(
        f"job-{job_id}",
        lambda: load_delivery(job_id, uow=uow),
        lambda: mark_delivered(job_id, uow=uow),
    )
