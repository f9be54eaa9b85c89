"""Unit tests of the job services: a fake unit of work, metrics recorded in a list, and no
lease renewer thread (it would reach for the database)."""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Any, ClassVar

import pytest

from tailor_core.jobs import bulk, crud, processing, producer
from tailor_core.users import ownership
from tests.support.fake_unit_of_work import FakeUnitOfWork


class FakeLease:
    """Stands in for LeaseKeeper; `lose_next` makes the next job's claim be lost meanwhile."""

    lose_next = False
    held: ClassVar[list[tuple[int, int]]] = []

    def __init__(self, job_id: int, attempt: int, lease_seconds: float) -> None:
        self.lost = threading.Event()
        FakeLease.held.append((job_id, attempt))
        if FakeLease.lose_next:
            self.lost.set()

    def __enter__(self) -> FakeLease:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        return None


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture(autouse=True)
def metrics(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    counted: list[tuple[str, Any]] = []

    def finished(status: Any, **values: Any) -> None:
        counted.append(("finished", str(status)))

    def submitted(count: int = 1) -> None:
        counted.append(("submitted", count))

    for module in (processing, crud, ownership):
        monkeypatch.setattr(module, "record_finished", finished)
    for module in (producer, bulk):
        monkeypatch.setattr(module, "record_submitted", submitted)
    monkeypatch.setattr(processing, "LeaseKeeper", FakeLease)
    FakeLease.lose_next, FakeLease.held = False, []
    return counted
