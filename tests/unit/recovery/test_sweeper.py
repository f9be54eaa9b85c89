"""The sweeper's decisions with the fake unit of work: which jobs it queues again, fails, and
rings for; its statements share one transaction and it publishes only after the commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tailor_core.domain import JobStatus
from tailor_core.recovery import sweeper
from tailor_core.recovery.sweeper import LOST_WORKER, sweep
from tailor_core.settings import Settings, get_settings
from tests.support.fake_unit_of_work import FakeUnitOfWork

LONG_AGO = datetime.now(UTC) - timedelta(hours=1)
LATER = datetime.now(UTC) + timedelta(hours=1)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def settings() -> Settings:
    return get_settings()


@pytest.fixture(autouse=True)
def finished(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    counted: list[tuple[str, int]] = []

    def record(status: Any, *, error: str | None = None, count: int = 1) -> None:
        counted.append((str(status), count))

    monkeypatch.setattr(sweeper, "record_finished", record)
    return counted


def _job(uow: FakeUnitOfWork, status: JobStatus, **fields: Any) -> int:
    user_id = uow.add_user()
    job = uow.jobs.add(
        user_id=user_id, resume_id=uow.add_resume(user_id), title="t", company_name="c",
        job_description="d", status=status, **fields,
    )  # fmt: skip
    return job.id


class Publisher:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self.uow = uow
        self.published: list[list[int]] = []
        self.in_scope: list[bool] = []

    def __call__(self, job_ids: Sequence[int]) -> None:
        self.in_scope.append(self.uow.in_scope)
        self.published.append(list(job_ids))


def test_a_dead_workers_job_is_queued_again_or_failed_at_the_limit(
    uow: FakeUnitOfWork, settings: Settings, finished: list[tuple[str, int]]
) -> None:
    lapsed = {"lease_expires_at": LONG_AGO, "created_at": datetime.now(UTC)}
    again = _job(uow, JobStatus.PROCESSING, attempts=1, **lapsed)
    limit = settings.max_attempts
    hook = "https://example.com/hook"
    spent = _job(uow, JobStatus.PROCESSING, attempts=limit, callback_url=hook, **lapsed)
    alive = _job(
        uow, JobStatus.PROCESSING, attempts=1, lease_expires_at=LONG_AGO + timedelta(hours=2)
    )
    publish = Publisher(uow)

    report = sweep(settings, live_messages=lambda ids: ids, publish_many=publish, uow=uow)

    assert (report.requeued, report.republished, report.failed_with_callback) == (
        [again], [again], [spent],
    )  # fmt: skip
    assert uow.job(again)["status"] == JobStatus.PENDING
    assert uow.job(again)["error"] == LOST_WORKER
    assert uow.job(spent)["status"] == JobStatus.FAILED
    assert uow.job(alive)["status"] == JobStatus.PROCESSING
    assert finished == [("FAILED", 1)]
    assert uow.log == ["transaction", "commit"]
    assert publish.in_scope == [False]


def test_a_stale_pending_job_is_rung_for_only_without_a_live_message(
    uow: FakeUnitOfWork, settings: Settings
) -> None:
    lost = _job(uow, JobStatus.PENDING, created_at=LONG_AGO)
    queued = _job(uow, JobStatus.PENDING, created_at=LONG_AGO + timedelta(seconds=1))
    _job(uow, JobStatus.PENDING)  # too young to be called lost
    publish = Publisher(uow)
    report = sweep(settings, live_messages=lambda ids: {queued}, publish_many=publish, uow=uow)
    assert report.republished == [lost]
    assert publish.published == [[lost]]


def test_only_the_shortfall_of_doorbells_is_rung_oldest_first(
    uow: FakeUnitOfWork, settings: Settings
) -> None:
    stale = [
        _job(uow, JobStatus.PENDING, created_at=LONG_AGO + timedelta(seconds=i)) for i in range(3)
    ]
    publish = Publisher(uow)
    kwargs: dict[str, Any] = {"live_messages": lambda ids: (), "publish_many": publish, "uow": uow}
    assert sweep(settings, doorbells=lambda: 1, **kwargs).republished == stale[:2]
    assert sweep(settings, doorbells=lambda: 3, **kwargs).republished == []
    assert publish.published == [stale[:2]]  # nothing to ring: no publish at all
