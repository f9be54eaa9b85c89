from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tailor_core.db.models import ApiToken, Job, Resume, User
from tailor_core.domain import JobStatus
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


def get_locked(session: Session, user_id: int) -> User | None:
    """The user, row-locked until the transaction ends: adding a resume, job or token for them
    needs a key-share lock on this row, so what `holdings` counts cannot change under us."""
    return session.scalars(select(User).where(User.id == user_id).with_for_update()).one_or_none()


def holdings(session: Session, user_id: int) -> dict[str, int]:
    """How many resumes, jobs (and of those, unfinished) and API tokens the user owns."""

    def count(model: type[Resume | Job | ApiToken], *where: Any) -> Any:
        query = select(func.count()).select_from(model).where(model.user_id == user_id, *where)
        return query.scalar_subquery()

    unfinished = Job.status.in_((JobStatus.PENDING, JobStatus.PROCESSING))
    row = session.execute(
        select(
            count(Resume).label("resumes"),
            count(Job).label("jobs"),
            count(Job, unfinished).label("unfinished_jobs"),
            count(ApiToken).label("api_tokens"),
        )
    ).one()
    return dict(row._mapping)


def resume_files(session: Session, user_id: int) -> list[str]:
    query = select(Resume.file_path).where(Resume.user_id == user_id).order_by(Resume.id)
    return list(session.scalars(query))


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
