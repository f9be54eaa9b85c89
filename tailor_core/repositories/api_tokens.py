"""API tokens. Functions take a session and never commit: the unit of work does."""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import Connection, func, or_, select, update
from sqlalchemy.orm import Session

from tailor_core.db.expressions import seconds_from_now
from tailor_core.db.models import ApiToken
from tailor_core.repositories.connections import core

# last_used_at is written at most this often per token, not on every request.
TOUCH_EVERY_SECONDS = 60


def add(session: Session, **fields: Any) -> ApiToken:
    token = ApiToken(**fields)
    session.add(token)
    session.flush()
    return token


class UsableToken(NamedTuple):
    id: int
    name: str
    user_id: int | None
    is_service: bool
    token_hash: str


def usable_by_hash(session: Session | Connection, token_hash: str) -> UsableToken | None:
    """The token with this hash unless it is revoked or expired.

    Columns, not the ORM object: every request asks, on a bare autocommit connection (no
    BEGIN and COMMIT around it)."""
    query = select(*(getattr(ApiToken, name) for name in UsableToken._fields)).where(
        ApiToken.token_hash == token_hash,
        ApiToken.revoked_at.is_(None),
        or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > func.now()),
    )
    row = core(session).execute(query).one_or_none()
    return None if row is None else UsableToken(*row)


def touch(session: Session | Connection, token_id: int) -> None:
    statement = (
        update(ApiToken)
        .where(
            ApiToken.id == token_id,
            or_(
                ApiToken.last_used_at.is_(None),
                ApiToken.last_used_at < seconds_from_now(-TOUCH_EVERY_SECONDS),
            ),
        )
        .values(last_used_at=func.now())
    )
    core(session).execute(statement)


def listed(session: Session, user_id: int | None, include_revoked: bool) -> list[ApiToken]:
    query = select(ApiToken).order_by(ApiToken.id)
    if user_id is not None:
        query = query.where(ApiToken.user_id == user_id)
    if not include_revoked:
        query = query.where(ApiToken.revoked_at.is_(None))
    return list(session.scalars(query))


def revoke(session: Session, token_id: int) -> bool:
    statement = (
        update(ApiToken)
        .where(ApiToken.id == token_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=func.now())
        .execution_options(synchronize_session=False)
    )
    return bool(session.execute(statement).rowcount)  # type: ignore[attr-defined]


def exists(session: Session, token_id: int) -> bool:
    return session.get(ApiToken, token_id) is not None
