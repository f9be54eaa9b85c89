"""Who runs next: the fair key a new job gets (the fair claim itself is in claims.py).

A job's place is (priority, fair_key, id). A new job's fair key is the larger of its user's
last queued key + 1 and the smallest key still queued (the queue's "virtual time"): a user who
queues 10,000 jobs gets keys v..v+9,999, a user who then queues 10 gets v'..v'+9 with v' the
head of the queue, so their jobs interleave instead of waiting behind (start-time fair queuing).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, func, select
from sqlalchemy.orm import Session

from tailor_core.db.expressions import greatest, inline
from tailor_core.db.models import Job
from tailor_core.domain import Priority
from tailor_core.repositories.claims import PENDING
from tailor_core.repositories.connections import core


def next_fair_key_of(user_id: Any, priority: Any) -> ColumnElement[int]:
    """The fair key of this user's next job of this priority, as an SQL expression: values or
    bind parameters (submissions.SUBMIT computes it inside its INSERT)."""
    queued = (PENDING, Job.priority == priority)
    own = select(func.max(Job.fair_key) + inline(1)).where(Job.user_id == user_id, *queued)
    head = select(func.min(Job.fair_key)).where(*queued)
    return greatest(
        func.coalesce(own.scalar_subquery(), inline(0)),
        func.coalesce(head.scalar_subquery(), inline(0)),
    )


def next_fair_key(session: Session | Connection, user_id: int, priority: Priority) -> int:
    """The fair key of this user's next job of this priority (see the module's docstring)."""
    return int(
        core(session).execute(select(next_fair_key_of(user_id, priority.value))).scalar_one()
    )
