"""Processing one job: claim (which loads the job), tailor, finish.

The claim and the finish are one statement each on an autocommit connection, so no
transaction is held open while the engine runs, and every finish is fenced by the attempt
number the claim returned, so a duplicate or late delivery can never overwrite a result.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tailor_core.db.unit_of_work import UnitOfWork, or_new
from tailor_core.domain import (
    JobContext,
    JobPosting,
    JobStatus,
    Outcome,
    Priority,
    TailoringResult,
)
from tailor_core.errors import (
    ClaimInterrupted,
    HeldClaim,
    PermanentError,
    RateLimited,
    TransientError,
)
from tailor_core.jobs.batches import end_batch_if_done
from tailor_core.jobs.fairness import INTERACTIVE_FIRST
from tailor_core.jobs.metrics import record_finished
from tailor_core.recovery.lease import LeaseKeeper

if TYPE_CHECKING:
    from tailor_core.db.unit_of_work import Finished

Engine = Callable[[str, JobPosting], TailoringResult]
# Called with the job id once a job that has a callback URL has finished (webhooks).
OnFinished = Callable[[int], object]
# Called with the job id and a delay in seconds once a job was handed back to wait.
OnDeferred = Callable[[int, float], object]

log = logging.getLogger(__name__)

MAX_REASON_CHARS = 2000


@dataclass(frozen=True)
class CheckedResult(TailoringResult):
    """A result the database can store, its report already encoded: the check's JSON text
    is the one the finish writes, so the report is encoded once per job, not twice."""

    report_json: str


def claim_and_load(
    job_id: int,
    lease_seconds: float,
    held_attempt: int | None = None,
    *,
    uow: UnitOfWork | None = None,
) -> JobContext | Outcome:
    uow = or_new(uow)
    with uow.statements():
        context = uow.jobs.claim(job_id, held_attempt, lease_seconds)
        if context is not None:
            return context
        # Rare path (duplicate delivery or unknown id): one more query says which.
        return Outcome.MISSING if uow.jobs.status_of(job_id) is None else Outcome.DUPLICATE


def finish_completed(
    context: JobContext,
    result: TailoringResult,
    on_finished: OnFinished | None = None,
    started: float | None = None,
    on_batch_ended: OnFinished | None = None,
    *,
    uow: UnitOfWork | None = None,
) -> Outcome:
    """`started` is time.monotonic() at the claim, for the duration histogram."""
    uow = or_new(uow)
    with uow.statements():
        done = uow.jobs.finish(
            context.job_id,
            context.attempt,
            status=JobStatus.COMPLETED,
            tailored_text=result.tailored_text,
            report=result.report,
            report_json=result.report_json if isinstance(result, CheckedResult) else None,
        )
    if done.applied:
        seconds = None if started is None else time.monotonic() - started
        record_finished(JobStatus.COMPLETED, seconds=seconds)
    return _finished(context.job_id, done, Outcome.COMPLETED, on_finished, on_batch_ended, uow)


def finish_failed(
    job_id: int,
    attempt: int,
    reason: str,
    on_finished: OnFinished | None = None,
    on_batch_ended: OnFinished | None = None,
    *,
    uow: UnitOfWork | None = None,
) -> Outcome:
    uow = or_new(uow)
    with uow.statements():
        done = uow.jobs.finish(
            job_id, attempt, status=JobStatus.FAILED, error=reason[:MAX_REASON_CHARS]
        )
    if done.applied:
        record_finished(JobStatus.FAILED, error=reason)
    return _finished(job_id, done, Outcome.FAILED, on_finished, on_batch_ended, uow)


def _finished(
    job_id: int,
    done: Finished,
    outcome: Outcome,
    on_finished: OnFinished | None,
    on_batch_ended: OnFinished | None,
    uow: UnitOfWork,
) -> Outcome:
    if not done.applied:
        return Outcome.SUPERSEDED
    if done.callback_url and on_finished is not None:
        # Known from the finishing statement itself: no extra query for jobs without one.
        on_finished(job_id)
    if done.batch_tail and done.batch_id is not None:
        # Only a batch with no queued job left is checked: one more round trip for its tail.
        end_batch_if_done(done.batch_id, on_batch_ended, uow=uow)
    return outcome


def check_storable(result: object) -> CheckedResult:
    """Refuse a result the database could not store, before it can strand a claimed job."""
    if not isinstance(result, TailoringResult):
        raise PermanentError(f"the tailoring engine returned {type(result).__name__}, not a result")
    if not isinstance(result.tailored_text, str) or "\x00" in result.tailored_text:
        raise PermanentError("the tailoring engine returned text that cannot be stored")
    try:
        document = json.dumps(result.report, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise PermanentError(
            f"the tailoring engine returned a report that is not JSON: {exc}"
        ) from exc
    if "\\u0000" in document:  # PostgreSQL's jsonb cannot hold a NUL character
        raise PermanentError("the tailoring engine returned a report that cannot be stored")
    return CheckedResult(result.tailored_text, result.report, document)


def run_engine(context: JobContext, engine: Engine) -> TailoringResult:
    """An engine error is a fact about this input (the job fails with the reason), unless the
    engine says it is transient (a model endpoint answering 429, say): then it is retried."""
    try:
        return check_storable(engine(context.resume_text, context.posting))
    except (PermanentError, TransientError):
        raise
    except Exception as exc:
        log.exception("engine crashed on job %s", context.job_id)
        raise PermanentError(f"the tailoring engine failed: {type(exc).__name__}: {exc}") from exc


def process_job(
    job_id: int,
    engine: Engine,
    held_attempt: int | None = None,
    lease_seconds: float = 30,
    on_finished: OnFinished | None = None,
    on_batch_ended: OnFinished | None = None,
    on_deferred: OnDeferred | None = None,
    *,
    uow: UnitOfWork | None = None,
) -> Outcome:
    """Transient errors (database unreachable) propagate so the caller can retry."""
    started = time.monotonic()
    uow = or_new(uow)
    claimed = claim_and_load(job_id, lease_seconds, held_attempt, uow=uow)
    if isinstance(claimed, Outcome):
        return claimed
    return run_claimed(
        claimed,
        engine,
        lease_seconds,
        on_finished,
        on_batch_ended,
        started,
        on_deferred=on_deferred,
        uow=uow,
    )


def defer(
    job_id: int,
    attempt: int,
    seconds: float,
    on_deferred: OnDeferred | None,
    *,
    uow: UnitOfWork | None = None,
) -> Outcome:
    """Hand a claimed job back to the queue for `seconds` (the model's limit): the worker slot
    is free meanwhile, and `on_deferred` rings its doorbell again when it is due."""
    uow = or_new(uow)
    with uow.statements():
        if not uow.jobs.hand_back(job_id, attempt, seconds):
            return Outcome.SUPERSEDED
    if on_deferred is not None:
        on_deferred(job_id, seconds)
    return Outcome.DEFERRED


def process_next(
    doorbell: int,
    engine: Engine,
    lease_seconds: float = 30,
    on_finished: OnFinished | None = None,
    order: tuple[Priority, Priority] = INTERACTIVE_FIRST,
    on_batch_ended: OnFinished | None = None,
    on_deferred: OnDeferred | None = None,
    *,
    uow: UnitOfWork | None = None,
) -> tuple[int, Outcome]:
    """Answer a doorbell: claim and run the next job in fair order (tailor_core.jobs.fairness).

    Returns the id of the job run (the doorbell's own when nothing was claimed) and the outcome.
    A transient error after the claim is a ClaimInterrupted naming the job and attempt held,
    so the retry takes it back.
    """
    started = time.monotonic()
    uow = or_new(uow)
    with uow.statements():
        claimed = uow.jobs.claim_next(doorbell, order, lease_seconds)
        if claimed is None:
            missing = uow.jobs.status_of(doorbell) is None
            return doorbell, Outcome.MISSING if missing else Outcome.DUPLICATE
    outcome = run_claimed(
        claimed,
        engine,
        lease_seconds,
        on_finished,
        on_batch_ended,
        started,
        on_deferred=on_deferred,
        uow=uow,
    )
    return claimed.job_id, outcome


def run_claimed(
    claimed: JobContext,
    engine: Engine,
    lease_seconds: float = 30,
    on_finished: OnFinished | None = None,
    on_batch_ended: OnFinished | None = None,
    started: float | None = None,
    *,
    on_deferred: OnDeferred | None = None,
    uow: UnitOfWork | None = None,
) -> Outcome:
    """Run a claimed job and finish it; `started` (monotonic) is when its claim began, for
    the duration metric. No scope of `uow` is open while the engine runs."""
    started = time.monotonic() if started is None else started
    uow = or_new(uow)
    job_id = claimed.job_id
    try:
        with LeaseKeeper(job_id, claimed.attempt, lease_seconds) as lease:
            result: TailoringResult | PermanentError | RateLimited
            try:
                result = run_engine(claimed, engine)
            except (PermanentError, RateLimited) as exc:
                result = exc
        if lease.lost.is_set():
            return Outcome.SUPERSEDED
        if isinstance(result, RateLimited):
            return defer(job_id, claimed.attempt, result.retry_after, on_deferred, uow=uow)
        if isinstance(result, PermanentError):
            return finish_failed(
                job_id, claimed.attempt, result.message, on_finished, on_batch_ended, uow=uow
            )
        return finish_completed(claimed, result, on_finished, started, on_batch_ended, uow=uow)
    except TransientError as exc:
        raise ClaimInterrupted(exc.message, HeldClaim(job_id, claimed.attempt)) from exc
