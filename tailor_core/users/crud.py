"""User operations of the original design; each call is one unit of work."""

from __future__ import annotations

from typing import Any

from tailor_core.db.session import unit_of_work
from tailor_core.errors import InvalidInput, NotFound
from tailor_core.records import UserRecord
from tailor_core.repositories import users as repo
from tailor_core.repositories.paging import DEFAULT_PAGE_SIZE
from tailor_core.users.listings import list_users
from tailor_core.validation import clean_email, clean_name


def create_user(email: str, password_hash: str, name: str) -> dict[str, Any]:
    # Here, not at the top: Argon2 is only needed to write a password (CLI start-up).
    from tailor_core.auth.passwords import ensure_hashed

    with unit_of_work() as session:
        user = repo.add(
            session,
            email=clean_email(email),
            password_hash=ensure_hashed(password_hash),
            name=clean_name(name),
        )
        return UserRecord.from_row(user).as_dict()


def get_user_by_id(user_id: int) -> dict[str, Any] | None:
    with unit_of_work() as session:
        user = repo.get(session, user_id)
        return None if user is None else UserRecord.from_row(user).as_dict()


def get_user_by_email(email: str) -> dict[str, Any] | None:
    with unit_of_work() as session:
        user = repo.get_by_email(session, email.strip())
        return None if user is None else UserRecord.from_row(user).as_dict()


def get_all_users(limit: int = DEFAULT_PAGE_SIZE, offset: int = 0) -> list[dict[str, Any]]:
    return [user.as_dict() for user in list_users(limit, offset)]


def update_user(user_id: int, **fields: Any) -> dict[str, Any]:
    unknown = set(fields) - repo.UPDATABLE
    if unknown:
        raise InvalidInput(f"cannot update user field(s): {', '.join(sorted(unknown))}")
    if "email" in fields:
        fields["email"] = clean_email(fields["email"])
    if "name" in fields:
        fields["name"] = clean_name(fields["name"])
    if "password_hash" in fields:
        from tailor_core.auth.passwords import ensure_hashed

        fields["password_hash"] = ensure_hashed(fields["password_hash"])
    with unit_of_work() as session:
        user = repo.get(session, user_id)
        if user is None:
            raise NotFound("user", user_id)
        return UserRecord.from_row(repo.update(session, user, fields)).as_dict()


def delete_user(user_id: int) -> bool:
    """Delete the user with their resumes and jobs; False when there was no such user."""
    with unit_of_work() as session:
        return repo.remove(session, user_id)


def get_user_holdings(user_id: int) -> dict[str, Any] | None:
    """The user with counts of what they own (`holdings`): what deleting them would remove."""
    with unit_of_work() as session:
        user = repo.get(session, user_id)
        if user is None:
            return None
        return UserRecord.from_row(user).as_dict() | {"holdings": repo.holdings(session, user_id)}


def delete_user_with_holdings(user_id: int) -> dict[str, Any] | None:
    """Delete the user; the database cascades to their resumes, jobs and API tokens.

    Returns the deleted user with counts of what went with them, and the resumes' file paths
    (uploads in the file store are the caller's to remove); None when there was no such user.
    A worker running one of the jobs finds it gone at its fenced finish and writes nothing.
    """
    with unit_of_work() as session:
        user = repo.get_locked(session, user_id)
        if user is None:
            return None
        record = UserRecord.from_row(user).as_dict() | {
            "holdings": repo.holdings(session, user_id),
            "resume_files": repo.resume_files(session, user_id),
        }
        repo.remove(session, user_id)
        return record
