"""Quotas per user: jobs in flight at most N, submissions per minute at most M.

Defaults come from settings (TAILOR_QUOTA_MAX_IN_FLIGHT, TAILOR_QUOTA_SUBMISSIONS_PER_MINUTE;
0 means no limit); an operator overrides them per user (`tailor users quota`). On PostgreSQL the
check is part of submit_job's one INSERT (tailor_core/repositories/submissions.py); this module says
why a refused insert was refused, checks the other paths, and keeps the overrides.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tailor_core.db.unit_of_work import UnitOfWork, or_new
from tailor_core.errors import InvalidInput, NotFound, QuotaExceeded
from tailor_core.repositories.quotas import WINDOW_SECONDS
from tailor_core.settings import get_settings
from tailor_core.validation import positive_id

# When a user is at their in-flight limit nobody knows when a job of theirs will end: a short,
# fixed hint keeps clients polite without making them wait for long.
IN_FLIGHT_RETRY_AFTER = 10


@dataclass(frozen=True)
class Limits:
    max_in_flight: int  # 0: no limit
    submissions_per_minute: int  # 0: no limit


def defaults() -> Limits:
    settings = get_settings()
    return Limits(settings.quota_max_in_flight, settings.quota_submissions_per_minute)


def limits_for(uow: UnitOfWork, user_id: int) -> Limits:
    base = defaults()
    in_flight, per_minute = uow.quotas.override(user_id)
    return Limits(
        base.max_in_flight if in_flight is None else in_flight,
        base.submissions_per_minute if per_minute is None else per_minute,
    )


def _seconds_until_free(oldest: datetime | str | None) -> int:
    if oldest is None:
        return 1
    if isinstance(oldest, str):  # SQLite hands back its text timestamps (UTC)
        oldest = datetime.fromisoformat(oldest)
    if oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=UTC)
    age = (datetime.now(UTC) - oldest).total_seconds()
    return max(1, min(WINDOW_SECONDS, math.ceil(WINDOW_SECONDS - age)))


def refusal(uow: UnitOfWork, user_id: int, adding: int = 1) -> QuotaExceeded | None:
    """The quota `adding` more jobs (in one submission) would break, or None."""
    limits = limits_for(uow, user_id)
    if limits.submissions_per_minute:
        count, oldest = uow.quotas.recent_submissions(user_id)
        if count >= limits.submissions_per_minute:
            return QuotaExceeded(
                f"user {user_id} made {count} submissions in the last minute, the limit is "
                f"{limits.submissions_per_minute}; retry after the Retry-After seconds",
                retry_after=_seconds_until_free(oldest),
                limit="submissions_per_minute",
            )
    if limits.max_in_flight:
        count = uow.quotas.in_flight(user_id)
        if count + adding > limits.max_in_flight:
            return QuotaExceeded(
                f"user {user_id} has {count} jobs queued or running and the limit is "
                f"{limits.max_in_flight}; submit more when some have finished",
                retry_after=IN_FLIGHT_RETRY_AFTER,
                limit="max_in_flight",
            )
    return None


def check(uow: UnitOfWork, user_id: int, adding: int = 1) -> None:
    if (refused := refusal(uow, user_id, adding)) is not None:
        raise refused


def _limit(name: str, value: int | None) -> int | None:
    if value is not None and (isinstance(value, bool) or value < 0):
        raise InvalidInput(f"{name} must be 0 (no limit) or a positive whole number, got {value}")
    return value


def set_user_quota(
    user_id: int,
    *,
    max_in_flight: int | None,
    submissions_per_minute: int | None,
    uow: UnitOfWork | None = None,
) -> dict[str, Any]:
    """Override a user's quotas (None: the setting's default; 0: no limit). For operators."""
    user_id = positive_id("user_id", user_id)
    uow = or_new(uow)
    with uow.transaction():
        if uow.users.get(user_id) is None:
            raise NotFound("user", user_id)
        uow.quotas.set_override(
            user_id,
            _limit("max_in_flight", max_in_flight),
            _limit("submissions_per_minute", submissions_per_minute),
        )
        return get_user_quota(user_id, uow=uow)


def clear_user_quota(user_id: int, *, uow: UnitOfWork | None = None) -> bool:
    uow = or_new(uow)
    with uow.transaction():
        return uow.quotas.remove_override(positive_id("user_id", user_id))


def get_user_quota(user_id: int, *, uow: UnitOfWork | None = None) -> dict[str, Any]:
    """The limits that apply to a user, and whether each is the user's own or the default."""
    uow = or_new(uow)
    with uow.transaction():
        if uow.users.get(user_id) is None:
            raise NotFound("user", user_id)
        in_flight, per_minute = uow.quotas.override(user_id)
        limits = limits_for(uow, user_id)
        return {
            "user_id": user_id,
            "max_in_flight": limits.max_in_flight,
            "max_in_flight_source": "default" if in_flight is None else "user",
            "submissions_per_minute": limits.submissions_per_minute,
            "submissions_per_minute_source": "default" if per_minute is None else "user",
            "in_flight": uow.quotas.in_flight(user_id),
        }
