"""Thin task adapters: parse the message, call the service, map errors to retry or fail."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task

from tailor_core.db.sql_unit_of_work import SqlUnitOfWork
from tailor_core.db.unit_of_work import UnitOfWork
from tailor_core.domain import Outcome
from tailor_core.errors import InvalidInput, TransientError
from tailor_core.jobs.engine_choice import load_engine
from tailor_core.jobs.fairness import claim_order
from tailor_core.jobs.processing import finish_failed, process_job, process_next
from tailor_core.settings import get_settings
from tailor_core.validation import job_id_from
from tailor_worker.app import app
from tailor_worker.backoff import backoff
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


# throws: an expected failure is logged on one INFO line, without a traceback.
@app.task(bind=True, name=PROCESS_JOB, max_retries=None, throws=(JobFailed,))
def process_job_task(self: Task, job_id: Any, held_attempt: int | None = None) -> str:
    parsed = _job_id(job_id)
    if parsed is None:
        # A malformed message cannot name any job: acknowledge it so it does not loop forever.
        log.error("refused %s message with job id %r: not a positive integer", PROCESS_JOB, job_id)
        return "refused"
    settings = get_settings()
    engine = load_engine(settings.engine)
    batch_ended, later = enqueue_batch_webhook, publish_job_later
    uow = SqlUnitOfWork()  # the task's unit of work; the services open its scopes
    try:
        if held_attempt is None:
            # A doorbell: run the next job in fair order (tailor_core.jobs.fairness).
            order = claim_order(settings.batch_share)
            parsed, outcome = process_next(
                parsed,
                engine,
                settings.lease_seconds,
                enqueue_webhook,
                order,
                batch_ended,
                later,
                uow=uow,
            )
        else:
            outcome = process_job(
                parsed,
                engine,
                held_attempt,
                settings.lease_seconds,
                enqueue_webhook,
                batch_ended,
                later,
                uow=uow,
            )
    except TransientError as exc:
        attempt = exc.held_attempt if exc.held_attempt is not None else held_attempt
        parsed = exc.job_id or parsed
        if self.request.retries >= settings.max_retries:
            return _give_up(parsed, attempt, exc, uow)
        log.warning("job %s: %s; retrying", parsed, exc.message)
        raise self.retry(
            args=[parsed],
            kwargs={"held_attempt": attempt},
            countdown=backoff(self.request.retries),
            exc=exc,
        ) from exc
    log.info("job %s: %s", parsed, outcome)
    return _failed(parsed, str(outcome))


def _give_up(job_id: int, attempt: int | None, exc: TransientError, uow: UnitOfWork) -> str:
    reason = f"gave up after {get_settings().max_retries} retries: {exc.message}"
    if attempt is None:
        log.error("job %s: %s (never claimed; it stays PENDING)", job_id, reason)
        return "gave-up"
    try:
        outcome = str(
            finish_failed(job_id, attempt, reason, enqueue_webhook, enqueue_batch_webhook, uow=uow)
        )
    except TransientError:
        log.error("job %s: %s; could not record it either", job_id, reason)
        return "gave-up"
    return _failed(job_id, outcome)


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
