"""Resume operations of the original design; each call is one unit of work.

Called without `uow`, each is its own boundary; a command or request hands in its own. The
typed readers (`add_resume`, `get_resume`, `user_resumes`) sit beside the functions answering
dicts, which they serve.
"""

from __future__ import annotations

from typing import Any

from tailor_core.db.unit_of_work import UnitOfWork, or_new
from tailor_core.errors import InvalidInput, NotFound
from tailor_core.records import ResumeRecord
from tailor_core.repositories.paging import DEFAULT_PAGE_SIZE
from tailor_core.repositories.resumes import UPDATABLE

MAX_RESUME_CHARS = 200_000


def _check_text(parsed_text: str) -> str:
    if "\x00" in parsed_text:
        raise InvalidInput("parsed_text contains a NUL byte: it is not text")
    if len(parsed_text) > MAX_RESUME_CHARS:
        raise InvalidInput(
            f"parsed_text is {len(parsed_text)} characters; the limit is {MAX_RESUME_CHARS}"
        )
    return parsed_text


def create_resume(
    user_id: int,
    file_path: str,
    original_filename: str,
    parsed_text: str,
    content_type: str = "text/plain",
    *,
    uow: UnitOfWork | None = None,
) -> dict[str, Any]:
    return add_resume(
        user_id, file_path, original_filename, parsed_text, content_type, uow=uow
    ).as_dict()


def add_resume(
    user_id: int,
    file_path: str,
    original_filename: str,
    parsed_text: str,
    content_type: str = "text/plain",
    *,
    uow: UnitOfWork | None = None,
) -> ResumeRecord:
    """`create_resume`, answering with a typed value (the API and the CLI)."""
    uow = or_new(uow)
    with uow.transaction():
        if uow.users.get(user_id) is None:
            raise NotFound("user", user_id)
        resume = uow.resumes.add(
            user_id=user_id,
            file_path=file_path,
            original_filename=original_filename,
            content_type=content_type,
            parsed_text=_check_text(parsed_text),
        )
        return ResumeRecord.from_row(resume)


def get_resume(resume_id: int, *, uow: UnitOfWork | None = None) -> ResumeRecord | None:
    uow = or_new(uow)
    with uow.transaction():
        resume = uow.resumes.get(resume_id)
        return None if resume is None else ResumeRecord.from_row(resume)


def get_resume_by_id(resume_id: int, *, uow: UnitOfWork | None = None) -> dict[str, Any] | None:
    resume = get_resume(resume_id, uow=uow)
    return None if resume is None else resume.as_dict()


def user_resumes(
    user_id: int,
    limit: int = DEFAULT_PAGE_SIZE,
    offset: int = 0,
    *,
    uow: UnitOfWork | None = None,
) -> list[ResumeRecord]:
    """A user's resumes, oldest first."""
    uow = or_new(uow)
    with uow.transaction():
        found = uow.resumes.owned_by(user_id, limit=limit, offset=offset)
        return [ResumeRecord.from_row(r) for r in found]


def get_resumes_by_user_id(
    user_id: int,
    limit: int = DEFAULT_PAGE_SIZE,
    offset: int = 0,
    *,
    uow: UnitOfWork | None = None,
) -> list[dict[str, Any]]:
    return [r.as_dict() for r in user_resumes(user_id, limit, offset, uow=uow)]


def get_all_resumes(
    limit: int = DEFAULT_PAGE_SIZE, offset: int = 0, *, uow: UnitOfWork | None = None
) -> list[dict[str, Any]]:
    uow = or_new(uow)
    with uow.transaction():
        found = uow.resumes.page(limit=limit, offset=offset)
        return [ResumeRecord.from_row(r).as_dict() for r in found]


def update_resume(
    resume_id: int, *, uow: UnitOfWork | None = None, **fields: Any
) -> dict[str, Any]:
    unknown = set(fields) - UPDATABLE
    if unknown:
        raise InvalidInput(f"cannot update resume field(s): {', '.join(sorted(unknown))}")
    if "parsed_text" in fields:
        _check_text(fields["parsed_text"])
    uow = or_new(uow)
    with uow.transaction():
        resume = uow.resumes.get(resume_id)
        if resume is None:
            raise NotFound("resume", resume_id)
        return ResumeRecord.from_row(uow.resumes.update(resume, fields)).as_dict()


def delete_resume(resume_id: int, *, uow: UnitOfWork | None = None) -> bool:
    """Delete the resume and the jobs that tailor it; False when there was no such resume."""
    uow = or_new(uow)
    with uow.transaction():
        return uow.resumes.remove(resume_id)
