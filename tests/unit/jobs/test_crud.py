"""Cancelling a job (jobs.crud, users.ownership) with the fake unit of work: one transaction."""

from __future__ import annotations

from typing import Any

import pytest

from tailor_core.domain import JobStatus
from tailor_core.errors import Conflict, NotFound
from tailor_core.jobs.crud import cancel_job
from tailor_core.users.ownership import cancel_own_job
from tests.support.fake_unit_of_work import FakeUnitOfWork


def _queued(uow: FakeUnitOfWork) -> tuple[int, int]:
    user_id = uow.add_user()
    job = uow.jobs.add(
        user_id=user_id,
        resume_id=uow.add_resume(user_id),
        title="Data Engineer",
        company_name="Globex",
        job_description="Python",
        status=JobStatus.PENDING,
        callback_url="https://example.com/hook",
    )
    return user_id, job.id


def test_cancelling_ones_own_job_is_one_transaction(
    uow: FakeUnitOfWork, metrics: list[tuple[str, Any]]
) -> None:
    user_id, job_id = _queued(uow)
    job = cancel_own_job(user_id, job_id, uow=uow)
    assert job.status == "CANCELLED"
    assert job.callback_url == "https://example.com/hook"  # the follow-up, without a query
    assert uow.log == ["transaction", "commit"]
    assert metrics == [("finished", "CANCELLED")]


def test_another_users_job_reads_as_missing_and_is_left_alone(
    uow: FakeUnitOfWork, metrics: list[tuple[str, Any]]
) -> None:
    _, job_id = _queued(uow)
    with pytest.raises(NotFound):
        cancel_own_job(uow.add_user("Eve"), job_id, uow=uow)
    assert uow.job(job_id)["status"] == JobStatus.PENDING
    assert metrics == []


def test_a_finished_job_cannot_be_cancelled(
    uow: FakeUnitOfWork, metrics: list[tuple[str, Any]]
) -> None:
    _, job_id = _queued(uow)
    cancel_job(job_id, uow=uow)
    with pytest.raises(Conflict, match="already CANCELLED"):
        cancel_job(job_id, uow=uow)
    with pytest.raises(NotFound):
        cancel_job(999, uow=uow)
    assert metrics == [("finished", "CANCELLED")]
    assert uow.log == ["transaction", "commit"] + ["transaction", "rollback"] * 2
