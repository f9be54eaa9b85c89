"""What every submission shares: publishing only after the commit, and never from inside a
caller's transaction. The publish callables are handed in, so nothing here knows Celery."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from tailor_core.db.unit_of_work import UnitOfWork, or_new

Publish = Callable[[int], object]
PublishMany = Callable[[Sequence[int]], object]

# The producer's name: `tailor jobs submit` quiets this logger, since it says the same itself.
log = logging.getLogger("tailor_core.jobs.producer")


def publish_after_commit(publish: Callable[[Any], object], payload: Any, count: int) -> bool:
    # The committed row is the source of truth: a failed publish leaves a PENDING job that the
    # sweeper re-publishes, so the caller's submission still succeeded.
    try:
        publish(payload)
    except Exception as exc:
        # One line: the broker's client would add a hundred lines of retries to each warning.
        log.warning(
            "stored %d job(s) but the broker refused their messages (%s: %s); they stay "
            "PENDING and the sweeper publishes them once it takes messages again",
            count,
            type(exc).__name__,
            exc,
        )
        log.debug("publish failure", exc_info=True)
        return False
    return True


def outside_transaction(uow: UnitOfWork | None) -> UnitOfWork:
    uow = or_new(uow)
    if uow.in_transaction:
        # Joined to the caller's transaction, the publish would ring before the row is visible.
        raise RuntimeError(
            "the producer commits before it publishes: call it outside a transaction"
        )
    return uow
