"""tailor_core.errors: every error class declares its outcome at every boundary."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import tailor_api
import tailor_core
import tailor_worker
from tailor_core.errors import (
    EXIT_ERROR,
    EXIT_UNAVAILABLE,
    Conflict,
    InvalidInput,
    NotFound,
    PermanentError,
    TailorError,
    TaskOutcome,
    TooManyAttempts,
    TransientError,
)


def _every_error_class() -> list[type[TailorError]]:
    # Import every module first, so a class defined outside errors.py is walked too.
    for package in (tailor_core, tailor_worker, tailor_api):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            # Not the migrations, nor Flower's settings (tornado options register once).
            skipped = ".migrations." in module.name or module.name.endswith("flowerconfig")
            if not skipped and not module.name.endswith("__main__"):
                importlib.import_module(module.name)
    found: list[type[TailorError]] = []
    pending: list[type[TailorError]] = [TailorError]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


def test_every_error_class_declares_its_own_outcome() -> None:
    classes = _every_error_class()
    assert len(classes) >= 10
    missing = [cls.__qualname__ for cls in classes if "outcome" not in vars(cls)]
    assert not missing, f"declare `outcome` on {missing} (tailor_core/errors.py)"
    for cls in classes:
        outcome = cls.outcome
        assert 400 <= outcome.status <= 599, cls
        assert outcome.exit_code in (EXIT_ERROR, EXIT_UNAVAILABLE), cls
        # Only what can pass with time (or a fixed setting) is retried.
        if outcome.task is TaskOutcome.RETRY:
            assert outcome.status in (500, 503), cls
        if outcome.exit_code == EXIT_UNAVAILABLE:
            assert outcome.task is TaskOutcome.RETRY, cls


@pytest.mark.parametrize(
    ("error", "status", "exit_code", "task"),
    [
        (InvalidInput("x"), 422, EXIT_ERROR, TaskOutcome.FAIL),
        # A subclass has its own answer whatever order a handler tests them in.
        (Conflict("x"), 409, EXIT_ERROR, TaskOutcome.FAIL),
        (NotFound("job", 1), 404, EXIT_ERROR, TaskOutcome.FAIL),
        (PermanentError("x"), 422, EXIT_ERROR, TaskOutcome.FAIL),
        (TransientError("x"), 503, EXIT_UNAVAILABLE, TaskOutcome.RETRY),
        (TooManyAttempts("x", 30), 429, EXIT_ERROR, TaskOutcome.FAIL),
    ],
)
def test_outcomes(error: TailorError, status: int, exit_code: int, task: TaskOutcome) -> None:
    assert (error.outcome.status, error.outcome.exit_code, error.outcome.task) == (
        status,
        exit_code,
        task,
    )


def test_retry_after_is_known_where_waiting_helps() -> None:
    assert TransientError("x").retry_after == 5
    assert TransientError("x", retry_after=1).retry_after == 1
    assert TooManyAttempts("x", 30).retry_after == 30
    assert InvalidInput("x").retry_after is None
