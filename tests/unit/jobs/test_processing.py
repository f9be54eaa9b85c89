"""processing: claim → engine → fenced finish, with the fake unit of work (no database)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tailor_core.domain import JobPosting, JobStatus, Outcome, TailoringResult
from tailor_core.errors import (
    ClaimInterrupted,
    HeldClaim,
    PermanentError,
    RateLimited,
    TransientError,
)
from tailor_core.jobs.fairness import INTERACTIVE_FIRST
from tailor_core.jobs.processing import (
    MAX_REASON_CHARS,
    CheckedResult,
    check_storable,
    process_job,
    process_next,
)
from tests.support.fake_unit_of_work import FakeUnitOfWork
from tests.unit.jobs.conftest import FakeLease


def shout(resume_text: str, job: JobPosting) -> TailoringResult:
    return TailoringResult(resume_text.upper(), {"title": job.title})


def _queued(uow: FakeUnitOfWork, **fields: Any) -> int:
    user_id = fields.pop("user_id", None) or uow.add_user()
    resume_id = uow.add_resume(user_id)
    row = {"title": "Data Engineer", "company_name": "Globex", "job_description": "Python"}
    job = uow.jobs.add(
        user_id=user_id, resume_id=resume_id, status=JobStatus.PENDING, **(row | fields)
    )
    return job.id


def test_claim_engine_finish_completes_the_job_in_two_single_statements(
    uow: FakeUnitOfWork, metrics: list[tuple[str, Any]]
) -> None:
    job_id = _queued(uow)
    seen: list[bool] = []

    def engine(resume_text: str, job: JobPosting) -> TailoringResult:
        seen.append(uow.in_scope)  # nothing held open while the engine runs
        return shout(resume_text, job)

    assert process_next(job_id, engine, uow=uow) == (job_id, Outcome.COMPLETED)
    row = uow.job(job_id)
    assert row["status"] == JobStatus.COMPLETED
    assert row["tailored_resume_text"] == "ALEX DOE\nPYTHON, SQL"
    assert row["report"] == {"title": "Data Engineer"}
    assert row["attempts"] == 1
    assert seen == [False]
    assert uow.log == ["statements", "statements"]  # the claim, the finish: no transaction
    assert metrics == [("finished", "COMPLETED")]


def test_a_doorbell_runs_the_next_job_in_fair_order(uow: FakeUnitOfWork) -> None:
    user_id = uow.add_user()
    batch_job = _queued(uow, user_id=user_id, priority="batch", fair_key=1)
    first = _queued(uow, user_id=user_id, fair_key=1)
    assert process_next(batch_job, shout, order=INTERACTIVE_FIRST, uow=uow) == (
        first,
        Outcome.COMPLETED,
    )
    assert uow.job(batch_job)["status"] == JobStatus.PENDING


def test_a_permanent_engine_error_fails_the_job_with_its_reason(
    uow: FakeUnitOfWork, metrics: list[tuple[str, Any]]
) -> None:
    job_id = _queued(uow)

    def refuse(resume_text: str, job: JobPosting) -> TailoringResult:
        raise PermanentError("the posting is not in a language we support " + "x" * 3000)

    assert process_job(job_id, refuse, uow=uow) == Outcome.FAILED
    row = uow.job(job_id)
    assert row["status"] == JobStatus.FAILED
    assert row["error"].startswith("the posting is not in a language we support")
    assert len(row["error"]) == MAX_REASON_CHARS
    assert metrics == [("finished", "FAILED")]


def test_an_engine_crash_fails_the_job_naming_the_exception(uow: FakeUnitOfWork) -> None:
    job_id = _queued(uow)

    def crash(resume_text: str, job: JobPosting) -> TailoringResult:
        raise RuntimeError("kaboom")

    assert process_job(job_id, crash, uow=uow) == Outcome.FAILED
    assert uow.job(job_id)["error"] == "the tailoring engine failed: RuntimeError: kaboom"


def test_a_result_that_cannot_be_stored_fails_the_job(uow: FakeUnitOfWork) -> None:
    job_id = _queued(uow)

    def nul(resume_text: str, job: JobPosting) -> TailoringResult:
        return TailoringResult("a\x00b", {})

    assert process_job(job_id, nul, uow=uow) == Outcome.FAILED
    assert uow.job(job_id)["error"] == "the tailoring engine returned text that cannot be stored"


def test_a_transient_error_carries_the_claim_for_the_retry(uow: FakeUnitOfWork) -> None:
    job_id = _queued(uow)

    def busy(resume_text: str, job: JobPosting) -> TailoringResult:
        raise TransientError("model endpoint answered 503")

    with pytest.raises(ClaimInterrupted) as raised:
        process_next(job_id, busy, uow=uow)
    assert raised.value.held == HeldClaim(job_id, 1)
    assert uow.job(job_id)["status"] == JobStatus.PROCESSING  # still held by attempt 1
    # The retry takes the same claim back and finishes it.
    assert process_job(job_id, shout, held_attempt=1, uow=uow) == Outcome.COMPLETED
    assert uow.job(job_id)["attempts"] == 1


def test_a_database_error_at_the_finish_propagates_with_the_claim(
    uow: FakeUnitOfWork, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_id = _queued(uow)

    def unreachable(*args: Any, **kwargs: Any) -> Any:
        raise TransientError("database unavailable")

    monkeypatch.setattr(uow.jobs, "finish", unreachable)
    with pytest.raises(ClaimInterrupted) as raised:
        process_job(job_id, shout, uow=uow)
    assert raised.value.held == HeldClaim(job_id, 1)


def test_duplicate_and_missing_deliveries_change_nothing(
    uow: FakeUnitOfWork, metrics: list[tuple[str, Any]]
) -> None:
    job_id = _queued(uow)
    assert process_job(job_id, shout, uow=uow) == Outcome.COMPLETED
    assert process_job(job_id, shout, uow=uow) == Outcome.DUPLICATE
    assert process_next(job_id, shout, uow=uow) == (job_id, Outcome.DUPLICATE)
    assert process_job(999, shout, uow=uow) == Outcome.MISSING
    assert process_next(999, shout, uow=uow) == (999, Outcome.MISSING)
    assert process_job(job_id, shout, held_attempt=7, uow=uow) == Outcome.DUPLICATE
    assert metrics == [("finished", "COMPLETED")]


def test_a_late_finish_is_superseded(uow: FakeUnitOfWork) -> None:
    job_id = _queued(uow)

    def cancelled_meanwhile(resume_text: str, job: JobPosting) -> TailoringResult:
        uow.job(job_id)["status"] = JobStatus.CANCELLED
        return shout(resume_text, job)

    assert process_job(job_id, cancelled_meanwhile, uow=uow) == Outcome.SUPERSEDED
    assert uow.job(job_id)["tailored_resume_text"] is None


def test_a_lost_lease_drops_the_result(uow: FakeUnitOfWork) -> None:
    job_id = _queued(uow)
    FakeLease.lose_next = True
    assert process_job(job_id, shout, uow=uow) == Outcome.SUPERSEDED
    assert FakeLease.held == [(job_id, 1)]
    assert uow.job(job_id)["status"] == JobStatus.PROCESSING  # the sweeper's to requeue


def test_a_rate_limited_job_is_handed_back_and_its_doorbell_rung_later(
    uow: FakeUnitOfWork,
) -> None:
    job_id = _queued(uow)
    later: list[tuple[int, float]] = []

    def limited(resume_text: str, job: JobPosting) -> TailoringResult:
        raise RateLimited("the model's token limit", retry_after=12.5)

    outcome = process_next(job_id, limited, on_deferred=lambda i, s: later.append((i, s)), uow=uow)
    assert outcome == (job_id, Outcome.DEFERRED)
    assert later == [(job_id, 12.5)]
    row = uow.job(job_id)
    assert (row["status"], row["attempts"]) == (JobStatus.PENDING, 0)  # the attempt given back


def test_a_finished_job_with_a_callback_gets_its_webhook(uow: FakeUnitOfWork) -> None:
    hooked = _queued(uow, callback_url="https://example.com/hook")
    plain = _queued(uow)
    notified: list[int] = []
    process_job(hooked, shout, on_finished=notified.append, uow=uow)
    process_job(plain, shout, on_finished=notified.append, uow=uow)
    assert notified == [hooked]


def test_the_last_job_of_a_batch_ends_it_once(uow: FakeUnitOfWork) -> None:
    user_id = uow.add_user()
    resume_id = uow.add_resume(user_id)
    batch = uow.batches.add(
        user_id=user_id, resume_id=resume_id, total=2, priority="batch", callback_url="https://e.x"
    )
    jobs = [_queued(uow, user_id=user_id, batch_id=batch.id) for _ in range(2)]
    ended: list[int] = []
    process_job(jobs[0], shout, on_batch_ended=ended.append, uow=uow)
    assert ended == []
    process_job(jobs[1], shout, on_batch_ended=ended.append, uow=uow)
    assert ended == [batch.id]
    assert uow.batches.rows[batch.id]["finished_at"] is not None
    # The end check runs after the finish, as a statement of its own.
    assert uow.log[-3:] == ["statements", "statements", "statements"]


def test_the_checked_result_carries_the_report_encoded_once() -> None:
    report = {"score": {"before": 0.5, "after": 0.75}}
    checked = check_storable(TailoringResult("Alex Doe", report))
    assert isinstance(checked, CheckedResult)
    assert json.loads(checked.report_json) == report
    assert checked.report == report
