"""Resume operations of the original design; each call is one unit of work."""

from __future__ import annotations

from typing import Any

from tailor_core.db.session import unit_of_work
from tailor_core.errors import InvalidInput, NotFound
from tailor_core.records import ResumeRecord
from tailor_core.repositories import resumes as repo
from tailor_core.repositories import users as users_repo
from tailor_core.repositories.paging import DEFAULT_PAGE_SIZE

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
) -> dict[str, Any]:
    return add_resume(user_id, file_path, original_filename, parsed_text, content_type).as_dict()


def add_resume(
    user_id: int,
    file_path: str,
    original_filename: str,
    parsed_text: str,
    content_type: str = "text/plain",
) -> ResumeRecord:
    """`create_resume`, answering with a typed value (the API and the CLI)."""
    with unit_of_work() as session:
        if users_repo.get(session, user_id) is None:
            raise NotFound("user", user_id)
        resume = repo.add(
            session,
            user_id=user_id,
            file_path=file_path,
            original_filename=original_filename,
            content_type=content_type,
            parsed_text=_check_text(parsed_text),
        )
        return ResumeRecord.from_row(resume)


def get_resume_by_id(resume_id: int) -> dict[str, Any] | None:
    with unit_of_work() as session:
        resume = repo.get(session, resume_id)
        return None if resume is None else ResumeRecord.from_row(resume).as_dict()


def get_resumes_by_user_id(
    user_id: int, limit: int = DEFAULT_PAGE_SIZE, offset: int = 0
) -> list[dict[str, Any]]:
    with unit_of_work() as session:
        found = repo.owned_by(session, user_id, limit=limit, offset=offset)
        return [ResumeRecord.from_row(r).as_dict() for r in found]


def get_all_resumes(limit: int = DEFAULT_PAGE_SIZE, offset: int = 0) -> list[dict[str, Any]]:
    with unit_of_work() as session:
        found = repo.page(session, limit=limit, offset=offset)
        return [ResumeRecord.from_row(r).as_dict() for r in found]


def update_resume(resume_id: int, **fields: Any) -> dict[str, Any]:
    unknown = set(fields) - repo.UPDATABLE
    if unknown:
        raise InvalidInput(f"cannot update resume field(s): {', '.join(sorted(unknown))}")
    if "parsed_text" in fields:
        _check_text(fields["parsed_text"])
    with unit_of_work() as session:
        resume = repo.get(session, resume_id)
        if resume is None:
            raise NotFound("resume", resume_id)
        return ResumeRecord.from_row(repo.update(session, resume, fields)).as_dict()


def delete_resume(resume_id: int) -> bool:
    """Delete the resume and the jobs that tailor it; False when there was no such resume."""
    with unit_of_work() as session:
        return repo.remove(session, resume_id)
