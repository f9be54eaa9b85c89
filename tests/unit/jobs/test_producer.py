"""producer: store the job, commit, then publish; with the fake unit of work (no database)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from tailor_core.domain import JobStatus
from tailor_core.errors import Conflict, InvalidInput, NotFound, QuotaExceeded
from tailor_core.jobs.producer import JobRequest, submit_job, submit_jobs
from tests.support.fake_unit_of_work import FakeUnitOfWork

POSTING = {"title": "Data Engineer", "company_name": "Globex", "job_description": "Python, SQL"}


class Doorbell:
    """A publish callable that notes, for each id, whether its row was committed and visible."""

    def __init__(self, uow: FakeUnitOfWork, fail: bool = False) -> None:
        self.uow, self.fail = uow, fail
        self.rung: list[int] = []

    def __call__(self, job_id: int) -> None:
        assert not self.uow.in_scope, "published before the commit"
        assert self.uow.job(job_id)["status"] == JobStatus.PENDING
        if self.fail:
            raise ConnectionError("broker down")
        self.rung.append(job_id)

    def many(self, job_ids: Sequence[int]) -> None:
        for job_id in job_ids:
            self(job_id)


def _owner(uow: FakeUnitOfWork) -> tuple[int, int]:
    user_id = uow.add_user()
    return user_id, uow.add_resume(user_id)


def _submit(uow: FakeUnitOfWork, doorbell: Doorbell, **fields: Any) -> dict[str, Any]:
    return submit_job(**(POSTING | fields), publish=doorbell, uow=uow)


def test_the_job_is_inserted_in_one_statement_then_published(
    uow: FakeUnitOfWork, metrics: list[tuple[str, Any]]
) -> None:
    user_id, resume_id = _owner(uow)
    doorbell = Doorbell(uow)
    job = _submit(uow, doorbell, user_id=user_id, resume_id=resume_id)
    assert (job["status"], job["created"], job["published"]) == ("PENDING", True, True)
    assert doorbell.rung == [job["id"]]
    assert uow.log == ["statements"]
    assert metrics == [("submitted", 1)]


def test_a_failed_publish_leaves_the_job_pending_for_the_sweeper(uow: FakeUnitOfWork) -> None:
    user_id, resume_id = _owner(uow)
    job = _submit(uow, Doorbell(uow, fail=True), user_id=user_id, resume_id=resume_id)
    assert (job["created"], job["published"]) == (True, False)
    assert uow.job(job["id"])["status"] == JobStatus.PENDING


def test_an_idempotency_key_answers_a_retry_with_the_first_job(
    uow: FakeUnitOfWork, metrics: list[tuple[str, Any]]
) -> None:
    user_id, resume_id = _owner(uow)
    doorbell = Doorbell(uow)
    owner = {"user_id": user_id, "resume_id": resume_id, "idempotency_key": "k-1"}
    first = _submit(uow, doorbell, **owner)
    again = _submit(uow, doorbell, **owner)
    assert again["id"] == first["id"]
    assert (again["created"], again["published"]) == (False, False)
    assert doorbell.rung == [first["id"]]
    assert uow.log == ["transaction", "commit", "transaction", "commit"]
    assert metrics == [("submitted", 1)]
    with pytest.raises(Conflict, match="already used for a different job"):
        _submit(uow, doorbell, **(owner | {"title": "Another title"}))


def test_a_key_taken_by_a_concurrent_submission_answers_with_its_job(
    uow: FakeUnitOfWork,
) -> None:
    user_id, resume_id = _owner(uow)
    owner = {"user_id": user_id, "resume_id": resume_id, "idempotency_key": "k-2"}
    row = {**POSTING, **owner, "status": JobStatus.PENDING, "callback_url": None}
    uow.jobs.keys_taken_by_others[(user_id, "k-2")] = row
    doorbell = Doorbell(uow)
    job = _submit(uow, doorbell, **owner)
    assert (job["created"], job["published"]) == (False, False)
    assert doorbell.rung == []
    assert len(uow.jobs.rows) == 1


@pytest.mark.parametrize("key", [None, "k-3"])
def test_a_quota_refuses_and_stores_nothing(uow: FakeUnitOfWork, key: str | None) -> None:
    user_id, resume_id = _owner(uow)
    uow.quotas.set_override(user_id, max_in_flight=1, submissions_per_minute=0)
    doorbell = Doorbell(uow)
    _submit(uow, doorbell, user_id=user_id, resume_id=resume_id)
    with pytest.raises(QuotaExceeded) as refused:
        _submit(uow, doorbell, user_id=user_id, resume_id=resume_id, idempotency_key=key)
    assert refused.value.limit == "max_in_flight"
    assert len(uow.jobs.rows) == 1
    assert len(doorbell.rung) == 1


def test_the_per_minute_quota_says_when_to_retry(uow: FakeUnitOfWork) -> None:
    user_id, resume_id = _owner(uow)
    uow.quotas.set_override(user_id, max_in_flight=0, submissions_per_minute=1)
    _submit(uow, Doorbell(uow), user_id=user_id, resume_id=resume_id)
    with pytest.raises(QuotaExceeded) as refused:
        _submit(uow, Doorbell(uow), user_id=user_id, resume_id=resume_id)
    assert refused.value.limit == "submissions_per_minute"
    assert 1 <= refused.value.retry_after <= 60


@pytest.mark.parametrize("key", [None, "k-4"])
def test_another_users_resume_reads_as_missing(uow: FakeUnitOfWork, key: str | None) -> None:
    _, resume_id = _owner(uow)
    stranger = uow.add_user("Eve")
    doorbell = Doorbell(uow)
    with pytest.raises(NotFound, match="resume"):
        _submit(uow, doorbell, user_id=stranger, resume_id=resume_id, idempotency_key=key)
    assert uow.jobs.rows == {}
    assert doorbell.rung == []


def test_the_producer_refuses_to_run_inside_a_transaction(uow: FakeUnitOfWork) -> None:
    user_id, resume_id = _owner(uow)
    with uow.transaction(), pytest.raises(RuntimeError, match="commits before it publishes"):
        _submit(uow, Doorbell(uow), user_id=user_id, resume_id=resume_id)


def test_many_jobs_are_one_transaction_then_one_publish(
    uow: FakeUnitOfWork, metrics: list[tuple[str, Any]]
) -> None:
    user_id, resume_id = _owner(uow)
    doorbell = Doorbell(uow)
    requests = [JobRequest(user_id, resume_id, **POSTING) for _ in range(3)]
    ids = submit_jobs(requests, doorbell.many, uow=uow)
    assert ids.published
    assert doorbell.rung == list(ids)
    assert [uow.job(i)["fair_key"] for i in ids] == [1, 2, 3]
    assert {uow.job(i)["priority"] for i in ids} == {"batch"}
    assert uow.log == ["transaction", "commit"]
    assert metrics == [("submitted", 3)]


def test_many_jobs_are_all_or_nothing(uow: FakeUnitOfWork) -> None:
    user_id, resume_id = _owner(uow)
    _, someone_elses = _owner(uow)
    doorbell = Doorbell(uow)
    requests = [
        JobRequest(user_id, resume_id, **POSTING),
        JobRequest(user_id, someone_elses, **POSTING),
    ]
    with pytest.raises(InvalidInput, match="job #2 of the batch"):
        submit_jobs(requests, doorbell.many, uow=uow)
    uow.quotas.set_override(user_id, max_in_flight=1, submissions_per_minute=0)
    with pytest.raises(QuotaExceeded):
        submit_jobs([JobRequest(user_id, resume_id, **POSTING)] * 2, doorbell.many, uow=uow)
    assert uow.jobs.rows == {}
    assert doorbell.rung == []
    assert uow.log == ["transaction", "rollback"] * 2
