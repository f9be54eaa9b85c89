from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tailor_core.db.models import User
from tailor_core.errors import InvalidInput
from tailor_core.repositories.paging import check_page

UPDATABLE = frozenset({"email", "password_hash", "name"})


def add(session: Session, *, email: str, password_hash: str, name: str) -> User:
    user = User(email=email, password_hash=password_hash, name=name)
    session.add(user)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise InvalidInput(f"a user with email {email} already exists") from None
    return user


def get(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def get_by_email(session: Session, email: str) -> User | None:
    query = select(User).where(func.lower(User.email) == email.lower())
    return session.scalars(query).one_or_none()


def page(session: Session, *, limit: int, offset: int) -> list[User]:
    check_page(limit, offset)
    query = select(User).order_by(User.id).limit(limit).offset(offset)
    return list(session.scalars(query))


def update(session: Session, user: User, fields: dict[str, Any]) -> User:
    for key, value in fields.items():
        setattr(user, key, value)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise InvalidInput(f"a user with email {fields.get('email')} already exists") from None
    return user


def remove(session: Session, user_id: int) -> bool:
    result = session.execute(delete(User).where(User.id == user_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]
