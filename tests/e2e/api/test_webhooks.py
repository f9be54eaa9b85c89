"""Webhooks over HTTP: a cancel's signed webhook, and a completion webhook retried until
accepted."""

from __future__ import annotations

from typing import Any

import pytest

from tailor_core.webhooks import verify
from tailor_worker.app import app as webhook_app
from tailor_worker.routing import DELIVER_WEBHOOK as WEBHOOK_TASK
from tailor_worker.webhook_delivery import notify_if_finished
from tests.support.api import ApiServer, webhook_receiver
from tests.support.api_calls import (
    problem,
    submit,
    uploaded_resume_id,
    webhook_settled,
    worker_log,
)
from tests.support.workers import messages_settled, wait_until

pytestmark = pytest.mark.e2e


def test_cancel_stops_the_job_and_its_webhook_is_signed(
    stack: ApiServer, alice: dict[str, Any]
) -> None:
    with webhook_receiver() as receiver, stack.client(alice["token"]) as client:
        resume_id = uploaded_resume_id(client)
        job = submit(client, resume_id, callback_url=f"{receiver.url}/hooks/tailor").json()
        cancelled = client.post(f"/v1/jobs/{job['id']}/cancel")
        assert cancelled.status_code == 200, cancelled.text
        assert cancelled.json()["status"] == "CANCELLED"
        problem(client.post(f"/v1/jobs/{job['id']}/cancel"), 409)
        assert wait_until(lambda: receiver.deliveries, timeout=20), "no webhook arrived"
        # A worker finishing late must not change the answer: look once the worker has dealt
        # with every message. Not "once it logged this job": a message is a doorbell that may
        # run another job queued earlier, so the job's own id may never be logged.
        assert wait_until(messages_settled, timeout=30), "a message was never handled"
        assert client.get(f"/v1/jobs/{job['id']}").json()["status"] == "CANCELLED"
    delivery = receiver.deliveries[0]
    assert delivery.path == "/hooks/tailor"
    assert verify(
        alice["secret"],
        delivery.headers["X-Tailor-Timestamp"],
        delivery.body,
        delivery.headers["X-Tailor-Signature"],
    )
    assert not verify(
        "another-secret",
        delivery.headers["X-Tailor-Timestamp"],
        delivery.body,
        delivery.headers["X-Tailor-Signature"],
    )
    assert delivery.json()["job"]["status"] == "CANCELLED"
    assert len(receiver.deliveries) == 1


def test_completion_webhook_is_retried_until_accepted(
    stack: ApiServer, alice: dict[str, Any]
) -> None:
    with webhook_receiver() as receiver, stack.client(alice["token"]) as client:
        receiver.answers = [503]  # the first delivery fails, the retry (after 2 s) succeeds
        resume_id = uploaded_resume_id(client)
        job = submit(client, resume_id, callback_url=receiver.url).json()
        # Nothing but the worker enqueues this delivery: it learns of the callback URL from its
        # own finishing statement.
        assert wait_until(lambda: len(receiver.deliveries) >= 2, timeout=30), stack.log()[-2000:]
        # Then never again: every delivery task of this job has run to its end and none waits
        # for a retry (a further retry would come 4 s later), as the worker's log shows.
        settled = wait_until(lambda: webhook_settled(stack, job["id"]), timeout=30)
        assert settled, worker_log(stack)[-2000:]
    assert len(receiver.deliveries) == 2, "delivered once after one failure, then never again"
    first, second = receiver.deliveries
    assert first.body == second.body
    assert second.json()["job"]["id"] == job["id"]
    assert second.json()["job"]["status"] == "COMPLETED"
    assert verify(
        alice["secret"],
        second.headers["X-Tailor-Timestamp"],
        second.body,
        second.headers["X-Tailor-Signature"],
    )
    assert second.headers["X-Tailor-Delivery"] == f"job-{job['id']}"
    already_delivered = worker_log(stack).count(": 'already-delivered'")
    notify_if_finished(job["id"])  # already delivered: nothing is enqueued or sent again
    # A delivery task sent after it, through the same queue to the same single worker, runs
    # after anything it enqueued: once that task is done, whatever notify sent has run too.
    after = webhook_app.send_task(WEBHOOK_TASK, args=[job["id"]])
    assert wait_until(lambda: f"[{after.id}] succeeded" in worker_log(stack), timeout=30)
    log = worker_log(stack)
    assert log.count(": 'already-delivered'") == already_delivered + 1, "notify enqueued one"
    assert len(receiver.deliveries) == 2
