"""Processing one job: claim, tailor, finish; duplicates and late attempts never overwrite."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest

from tailor_core.auth.passwords import hash_password
from tailor_core.db.session import unit_of_work
from tailor_core.domain import JobPosting, Outcome, TailoringResult
from tailor_core.errors import ClaimInterrupted, HeldClaim, PermanentError, TransientError
from tailor_core.jobs.crud import create_job, get_job_by_id
from tailor_core.jobs.processing import process_job
from tailor_core.repositories import claims
from tests.support.factories import RESUME, make_resume, make_user, posting

# Hashed once: Argon2 is slow on purpose, and most tests do not care about the password.
_PASSWORD_HASH = hash_password("secret-password")


def _user(**overrides: Any) -> dict[str, Any]:
    return make_user(**{"password_hash": _PASSWORD_HASH, **overrides})


def _pending_job(**overrides: Any) -> dict[str, Any]:
    user = _user()
    resume = make_resume(user["id"])
    return create_job(user_id=user["id"], resume_id=resume["id"], **posting(**overrides))


def _job(job_id: int) -> dict[str, Any]:
    job = get_job_by_id(job_id)
    assert job is not None
    return job


def shout(resume_text: str, job: JobPosting) -> TailoringResult:
    return TailoringResult(resume_text.upper(), {"title": job.title, "company": job.company_name})


def crash(resume_text: str, job: JobPosting) -> TailoringResult:
    raise RuntimeError(f"kaboom on {job.title}")


def refuse(resume_text: str, job: JobPosting) -> TailoringResult:
    raise PermanentError("the posting is not in a language we support")


def test_success_completes_the_job(clean_tables: None) -> None:
    job = _pending_job(title="Data Engineer", company_name="Globex")
    assert process_job(job["id"], shout) == Outcome.COMPLETED
    done = _job(job["id"])
    assert done["status"] == "COMPLETED"
    assert done["tailored_resume_text"] == RESUME.upper()
    assert done["report"] == {"title": "Data Engineer", "company": "Globex"}
    assert done["attempts"] == 1
    assert done["error"] is None
    assert done["started_at"] is not None
    assert done["finished_at"] is not None
    assert done["finished_at"] >= done["started_at"]


def test_second_delivery_is_a_duplicate_and_changes_nothing(clean_tables: None) -> None:
    job = _pending_job()
    assert process_job(job["id"], shout) == Outcome.COMPLETED
    first = _job(job["id"])
    calls: list[int] = []

    def counting(resume_text: str, posting: JobPosting) -> TailoringResult:
        calls.append(1)
        return TailoringResult("other text", {})

    assert process_job(job["id"], counting) == Outcome.DUPLICATE
    assert calls == []
    assert _job(job["id"]) == first


def test_missing_job(clean_tables: None) -> None:
    assert process_job(123_456, shout) == Outcome.MISSING


def test_engine_crash_fails_the_job_with_the_message(clean_tables: None) -> None:
    job = _pending_job(title="Plumber")
    assert process_job(job["id"], crash) == Outcome.FAILED
    failed = _job(job["id"])
    assert failed["status"] == "FAILED"
    assert "kaboom on Plumber" in failed["error"]
    assert "RuntimeError" in failed["error"]
    assert failed["tailored_resume_text"] is None
    assert failed["attempts"] == 1
    assert failed["finished_at"] is not None


def test_permanent_error_fails_the_job_with_exactly_its_message(clean_tables: None) -> None:
    job = _pending_job()
    assert process_job(job["id"], refuse) == Outcome.FAILED
    failed = _job(job["id"])
    assert failed["status"] == "FAILED"
    assert failed["error"] == "the posting is not in a language we support"


def test_failed_job_is_not_processed_again(clean_tables: None) -> None:
    job = _pending_job()
    assert process_job(job["id"], crash) == Outcome.FAILED
    failed = _job(job["id"])
    assert process_job(job["id"], shout) == Outcome.DUPLICATE
    assert _job(job["id"]) == failed


def test_process_job_with_the_held_attempt_takes_its_own_claim_back(clean_tables: None) -> None:
    job = _pending_job()
    with unit_of_work() as session:
        claimed = claims.claim_with_context(session, job["id"])
    assert claimed is not None
    attempt = claimed.attempt
    assert attempt == 1
    assert process_job(job["id"], shout) == Outcome.DUPLICATE
    assert process_job(job["id"], shout, held_attempt=attempt) == Outcome.COMPLETED
    done = _job(job["id"])
    assert done["status"] == "COMPLETED"
    assert done["attempts"] == 2


def test_a_transient_error_after_the_claim_names_the_claim_held(clean_tables: None) -> None:
    job = _pending_job()

    def unreachable(resume_text: str, posting: JobPosting) -> TailoringResult:
        raise TransientError("the model did not answer")

    with pytest.raises(ClaimInterrupted) as interrupted:
        process_job(job["id"], unreachable)
    assert interrupted.value.held == HeldClaim(job["id"], 1)
    assert interrupted.value.message == "the model did not answer"
    assert isinstance(interrupted.value.__cause__, TransientError)
    assert _job(job["id"])["status"] == "PROCESSING"
    held = interrupted.value.held
    assert process_job(held.job_id, shout, held_attempt=held.attempt) == Outcome.COMPLETED
    assert _job(job["id"])["status"] == "COMPLETED"


def test_an_unstorable_engine_result_does_not_leave_the_job_processing(
    clean_tables: None,
) -> None:
    # PostgreSQL text cannot hold NUL. The engine's output is a fact about this input, like an
    # engine crash: the job must end FAILED, not stay PROCESSING with no worker to finish it.
    job = _pending_job()

    def nul_output(resume_text: str, posting: JobPosting) -> TailoringResult:
        return TailoringResult("tailored\x00text", {})

    with contextlib.suppress(Exception):  # only the stored state is under test here
        process_job(job["id"], nul_output)
    stored = _job(job["id"])
    assert stored["status"] == "FAILED"
    assert stored["error"]
