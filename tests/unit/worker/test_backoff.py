"""The tasks' retry policy is declared with Celery's own options (tailor_worker/backoff.py) and
follows tailor_core/errors.py's map; tests/e2e/test_workers.py runs it through a real worker."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from celery.utils.serialization import get_pickleable_exception

from tailor_core.errors import ClaimInterrupted, HeldClaim, TaskOutcome, TransientError
from tailor_core.settings import get_settings
from tailor_worker.backoff import BACKOFF_FACTOR, RETRIED, backoff, backoff_cap
from tailor_worker.batch_webhook_delivery import deliver_batch_webhook
from tailor_worker.tasks import JobFailed, JobTask, process_job_task
from tailor_worker.webhook_delivery import ReceiverFailed, deliver_webhook
from tests.unit.test_errors import _every_error_class


def test_the_backoff_doubles_from_two_seconds_up_to_its_cap() -> None:
    cap = backoff_cap()
    assert cap == min(300, get_settings().visibility_timeout // 4)
    assert [backoff(n) for n in range(4)] == [2, 4, 8, 16]
    assert backoff(30) == cap


def test_exactly_the_errors_mapped_to_retry_are_retried() -> None:
    for cls in _every_error_class():
        retried = issubclass(cls, RETRIED)
        assert retried == (cls.outcome.task is TaskOutcome.RETRY), cls


@pytest.mark.parametrize(
    ("task", "max_retries"),
    [
        (process_job_task, get_settings().max_retries),
        (deliver_webhook, get_settings().webhook_max_retries),
        (deliver_batch_webhook, get_settings().webhook_max_retries),
    ],
)
def test_every_retrying_task_declares_the_one_policy(task: Any, max_retries: int) -> None:
    assert tuple(task.autoretry_for) == RETRIED
    assert task.retry_backoff == BACKOFF_FACTOR
    assert task.retry_backoff_max == backoff_cap()
    assert task.retry_jitter is False
    assert task.max_retries == max_retries
    # Celery wrapped the body: the policy is in force, not merely declared.
    assert hasattr(task, "_orig_run")


def test_expected_ends_log_without_a_traceback() -> None:
    assert set(process_job_task.throws) == {JobFailed, *RETRIED}
    assert issubclass(ReceiverFailed, RETRIED)


def test_a_retry_after_the_claim_carries_the_claim(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[dict[str, Any]] = []

    def base_retry(self: Any, **options: Any) -> str:
        sent.append(options)
        return "retry"

    monkeypatch.setattr(JobTask.__mro__[1], "retry", base_retry)
    held = ClaimInterrupted("the database is unreachable", HeldClaim(42, 3))
    assert process_job_task.retry(exc=held, countdown=2) == "retry"
    assert sent[-1]["args"] == [42]
    assert sent[-1]["kwargs"] == {"held_attempt": 3}
    assert sent[-1]["countdown"] == 2
    # Before a claim there is nothing to carry: the message is retried as it came.
    process_job_task.retry(exc=TransientError("down"), countdown=4)
    assert (sent[-1]["args"], sent[-1]["kwargs"]) == (None, None)


def test_the_claim_survives_the_trip_to_the_pool_parent() -> None:
    held = ClaimInterrupted("down", HeldClaim(7, 2))
    # What Celery does to an exception before on_failure and before it leaves the pool child.
    assert get_pickleable_exception(held) is held
    copy = pickle.loads(pickle.dumps(held))  # noqa: S301 - our own object
    assert (copy.held, copy.message) == (HeldClaim(7, 2), "down")
