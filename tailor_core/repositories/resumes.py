from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tailor_core.db.models import Resume
from tailor_core.repositories.paging import check_page

UPDATABLE = frozenset({"file_path", "original_filename", "content_type", "parsed_text"})


def add(session: Session, **fields: Any) -> Resume:
    resume = Resume(**fields)
    session.add(resume)
    session.flush()
    return resume


def get(session: Session, resume_id: int) -> Resume | None:
    return session.get(Resume, resume_id)


def owned_by(session: Session, user_id: int, *, limit: int, offset: int) -> list[Resume]:
    check_page(limit, offset)
    query = (
        select(Resume)
        .where(Resume.user_id == user_id)
        .order_by(Resume.id)
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(query))


def page(session: Session, *, limit: int, offset: int) -> list[Resume]:
    check_page(limit, offset)
    return list(session.scalars(select(Resume).order_by(Resume.id).limit(limit).offset(offset)))


def owners(session: Session, resume_ids: set[int]) -> dict[int, int]:
    rows = session.execute(select(Resume.id, Resume.user_id).where(Resume.id.in_(resume_ids)))
    return {resume_id: user_id for resume_id, user_id in rows}  # noqa: C416 - Row to pair


def update(session: Session, resume: Resume, fields: dict[str, Any]) -> Resume:
    for key, value in fields.items():
        setattr(resume, key, value)
    session.flush()
    return resume


def remove(session: Session, resume_id: int) -> bool:
    result = session.execute(delete(Resume).where(Resume.id == resume_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]
