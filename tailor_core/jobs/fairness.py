"""Who runs next: a Celery message is a doorbell, and the job it runs is the fairest one queued.

Every submitted job still gets its own message, so there are as many doorbells as queued jobs;
but a worker that receives one claims the next job in fair order (tailor_core.repositories.
fairness), not the job the message names. So a message queued behind 10,000 others still lets
its job run as soon as its turn comes in the database, whatever its place in Redis.

Interactive jobs come before batch ones, except that one claim in TAILOR_BATCH_SHARE (10) looks
at batch work first: a batch job still progresses while interactive work keeps arriving, and an
interactive job waits at most one job per worker slot. The count is per worker process, so no
state is shared; across the fleet the share is the same on average.
"""

from __future__ import annotations

import itertools

from tailor_core.domain import Priority
from tailor_core.errors import InvalidInput

INTERACTIVE_FIRST = (Priority.INTERACTIVE, Priority.BATCH)
BATCH_FIRST = (Priority.BATCH, Priority.INTERACTIVE)

_claims = itertools.count(1)


def claim_order(batch_share: int) -> tuple[Priority, Priority]:
    """The order in which this claim looks at the priorities."""
    return BATCH_FIRST if next(_claims) % batch_share == 0 else INTERACTIVE_FIRST


def parse_priority(priority: Priority | str) -> Priority:
    try:
        return Priority(str(priority).lower())
    except ValueError:
        allowed = ", ".join(p.value for p in Priority)
        raise InvalidInput(f"unknown priority {priority!r}; use one of {allowed}") from None
