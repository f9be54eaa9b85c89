"""Thin task adapters: parse the message, call the service; the retry policy is declared.

What retries, how long it waits and how often is JobTask's (tailor_worker/backoff.py): the task
body holds no retry loop, it only runs the job.
"""

from __future__ import annotations

import logging
from typing import Any

from celery.exceptions import Retry

from tailor_core.db.sql_unit_of_work import SqlUnitOfWork
from tailor_core.domain import Outcome
from tailor_core.errors import ClaimInterrupted, InvalidInput, TailorError
from tailor_core.jobs.engine_choice import load_engine
from tailor_core.jobs.fairness import claim_order
from tailor_core.jobs.processing import finish_failed, process_job, process_next
from tailor_core.settings import get_settings
from tailor_core.validation import job_id_from
from tailor_worker.app import app
from tailor_worker.backoff import RETRIED, RetryingTask
from tailor_worker.batch_webhook_delivery import enqueue_batch_webhook
from tailor_worker.publisher import publish_job_later
from tailor_worker.routing import PROCESS_JOB, SWEEP
from tailor_worker.webhook_delivery import enqueue_webhook

log = logging.getLogger(__name__)


class JobFailed(Exception):
    """Raised after a job was recorded FAILED, so Celery reports the task as failed too.

    Flower's Failed view and `celery events` show task-failed only for a task that raises; the
    job's row is already final and the message is acknowledged as usual (acks_late acks a
    failed task: task_acks_on_failure is on), so it is never run again.
    """


def _failed(job_id: int, outcome: str) -> str:
    if outcome == Outcome.FAILED:
        raise JobFailed(f"job {job_id} FAILED; its error is on the job (tailor jobs show {job_id})")
    return outcome


def _job_id(raw: Any) -> int | None:
    try:
        return job_id_from(raw)
    except InvalidInput:
        return None


def _claim_of(exc: BaseException, args: Any, kwargs: Any) -> tuple[int | None, int | None]:
    """(job, attempt held) of a delivery that raised `exc`: the claim it made, or the one its
    message carried (attempt None: it holds no claim)."""
    if isinstance(exc, ClaimInterrupted):
        return exc.held.job_id, exc.held.attempt
    job_id = _job_id(args[0]) if args else None
    held = (kwargs or {}).get("held_attempt")
    return job_id, held if isinstance(held, int) else None


class JobTask(RetryingTask):
    """tailor.process_job's policy: a transient error retries with backoff up to
    TAILOR_MAX_RETRIES times, holding the claim it made; after the last, the job is FAILED."""

    max_retries = get_settings().max_retries
    # Expected ends, logged on one INFO line without a traceback.
    throws = (JobFailed, *RETRIED)

    def retry(self, args: Any = None, kwargs: Any = None, exc: Any = None, **options: Any) -> Retry:
        if isinstance(exc, ClaimInterrupted) and args is None and kwargs is None:
            # The retry takes back the claim this delivery made, by its job and attempt.
            args, kwargs = [exc.held.job_id], {"held_attempt": exc.held.attempt}
        return super().retry(args=args, kwargs=kwargs, exc=exc, **options)

    def on_retry(self, exc: Any, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        message = exc.message if isinstance(exc, TailorError) else str(exc)
        log.warning("job %s: %s; retrying", _claim_of(exc, args, kwargs)[0], message)

    def on_failure(self, exc: Any, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        if isinstance(exc, RETRIED):
            give_up(exc, self.max_retries, *_claim_of(exc, args, kwargs))


def give_up(exc: TailorError, retries: int, job_id: int | None, attempt: int | None) -> None:
    """The retries are spent: fail the job this delivery holds; never raises (Celery calls it
    while it records the task's failure)."""
    reason = f"gave up after {retries} retries: {exc.message}"
    if job_id is None or attempt is None:
        log.error("job %s: %s (never claimed; it stays PENDING)", job_id, reason)
        return
    try:
        outcome = finish_failed(job_id, attempt, reason, enqueue_webhook, enqueue_batch_webhook)
    except Exception as error:
        log.error("job %s: %s; could not record it either: %s", job_id, reason, error)
        return
    log.error("job %s: %s (%s)", job_id, reason, outcome)


@app.task(base=JobTask, name=PROCESS_JOB)
def process_job_task(job_id: Any, held_attempt: int | None = None) -> str:
    parsed = _job_id(job_id)
    if parsed is None:
        # A malformed message cannot name any job: acknowledge it so it does not loop forever.
        log.error("refused %s message with job id %r: not a positive integer", PROCESS_JOB, job_id)
        return "refused"
    settings = get_settings()
    engine = load_engine(settings.engine)
    webhook, batch_ended, later = enqueue_webhook, enqueue_batch_webhook, publish_job_later
    uow = SqlUnitOfWork()  # the task's unit of work; the services open its scopes
    if held_attempt is None:
        # A doorbell: run the next job in fair order (tailor_core.jobs.fairness).
        order = claim_order(settings.batch_share)
        parsed, outcome = process_next(
            parsed, engine, settings.lease_seconds, webhook, order, batch_ended, later, uow=uow
        )
    else:
        outcome = process_job(
            parsed,
            engine,
            held_attempt,
            settings.lease_seconds,
            webhook,
            batch_ended,
            later,
            uow=uow,
        )
    log.info("job %s: %s", parsed, outcome)
    return _failed(parsed, str(outcome))


# No task events: a sweep every 15 s would fill most of Flower's task list.
@app.task(name=SWEEP, ignore_result=True, send_events=False)
def sweep_task() -> dict[str, int]:
    """For `celery beat`, now optional: the same locked sweep every worker runs on its timer.

    Under the lock, a forged or repeated message cannot make sweeps run more often than once
    per interval.
    """
    from tailor_worker.sweeper import run_sweep

    report = run_sweep()
    return {} if report is None else report.as_dict()
