"""User operations of the original design; each call is one unit of work.

Called without `uow`, each is its own boundary; a command or request hands in its own. The
typed readers (`add_user`, `get_user`, `user_by_email`, `user_holdings`, `remove_user`) sit
beside the functions answering dicts, which they serve.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tailor_core.db.unit_of_work import UnitOfWork, or_new
from tailor_core.errors import InvalidInput, NotFound
from tailor_core.records import UserRecord
from tailor_core.repositories.paging import DEFAULT_PAGE_SIZE
from tailor_core.repositories.users import UPDATABLE
from tailor_core.users.listings import list_users
from tailor_core.validation import clean_email, clean_name


@dataclass(frozen=True, slots=True)
class UserHoldings:
    """A user with counts of what they own: what deleting them would remove."""

    user: UserRecord
    holdings: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        return self.user.as_dict() | {"holdings": self.holdings}


@dataclass(frozen=True, slots=True)
class DeletedUser:
    """A deleted user, what went with them, and their resumes' file paths."""

    user: UserRecord
    holdings: dict[str, int]
    resume_files: tuple[str, ...]

    @property
    def held(self) -> UserHoldings:
        return UserHoldings(self.user, self.holdings)


def add_user(
    email: str, password_hash: str, name: str, *, uow: UnitOfWork | None = None
) -> UserRecord:
    """`create_user`, answering with a typed value (the CLI)."""
    # Here, not at the top: Argon2 is only needed to write a password (CLI start-up).
    from tailor_core.auth.passwords import ensure_hashed

    fields = {
        "email": clean_email(email),
        "password_hash": ensure_hashed(password_hash),
        "name": clean_name(name),
    }
    uow = or_new(uow)
    with uow.transaction():
        return UserRecord.from_row(uow.users.add(**fields))


def create_user(
    email: str, password_hash: str, name: str, *, uow: UnitOfWork | None = None
) -> dict[str, Any]:
    return add_user(email, password_hash, name, uow=uow).as_dict()


def get_user(user_id: int, *, uow: UnitOfWork | None = None) -> UserRecord | None:
    uow = or_new(uow)
    with uow.transaction():
        user = uow.users.get(user_id)
        return None if user is None else UserRecord.from_row(user)


def get_user_by_id(user_id: int, *, uow: UnitOfWork | None = None) -> dict[str, Any] | None:
    user = get_user(user_id, uow=uow)
    return None if user is None else user.as_dict()


def user_by_email(email: str, *, uow: UnitOfWork | None = None) -> UserRecord | None:
    uow = or_new(uow)
    with uow.transaction():
        user = uow.users.get_by_email(email.strip())
        return None if user is None else UserRecord.from_row(user)


def get_user_by_email(email: str, *, uow: UnitOfWork | None = None) -> dict[str, Any] | None:
    user = user_by_email(email, uow=uow)
    return None if user is None else user.as_dict()


def get_all_users(limit: int = DEFAULT_PAGE_SIZE, offset: int = 0) -> list[dict[str, Any]]:
    return [user.as_dict() for user in list_users(limit, offset)]


def update_user(user_id: int, *, uow: UnitOfWork | None = None, **fields: Any) -> dict[str, Any]:
    unknown = set(fields) - UPDATABLE
    if unknown:
        raise InvalidInput(f"cannot update user field(s): {', '.join(sorted(unknown))}")
    if "email" in fields:
        fields["email"] = clean_email(fields["email"])
    if "name" in fields:
        fields["name"] = clean_name(fields["name"])
    if "password_hash" in fields:
        from tailor_core.auth.passwords import ensure_hashed

        fields["password_hash"] = ensure_hashed(fields["password_hash"])
    uow = or_new(uow)
    with uow.transaction():
        user = uow.users.get(user_id)
        if user is None:
            raise NotFound("user", user_id)
        return UserRecord.from_row(uow.users.update(user, fields)).as_dict()


def delete_user(user_id: int, *, uow: UnitOfWork | None = None) -> bool:
    """Delete the user with their resumes and jobs; False when there was no such user."""
    uow = or_new(uow)
    with uow.transaction():
        return uow.users.remove(user_id)


def user_holdings(user_id: int, *, uow: UnitOfWork | None = None) -> UserHoldings | None:
    """The user with counts of what they own (`holdings`): what deleting them would remove."""
    uow = or_new(uow)
    with uow.transaction():
        user = uow.users.get(user_id)
        if user is None:
            return None
        return UserHoldings(UserRecord.from_row(user), uow.users.holdings(user_id))


def get_user_holdings(user_id: int, *, uow: UnitOfWork | None = None) -> dict[str, Any] | None:
    found = user_holdings(user_id, uow=uow)
    return None if found is None else found.as_dict()


def remove_user(user_id: int, *, uow: UnitOfWork | None = None) -> DeletedUser | None:
    """Delete the user; the database cascades to their resumes, jobs and API tokens.

    Answers the deleted user with counts of what went with them, and the resumes' file paths
    (uploads in the file store are the caller's to remove); None when there was no such user.
    A worker running one of the jobs finds it gone at its fenced finish and writes nothing.
    """
    uow = or_new(uow)
    with uow.transaction():
        user = uow.users.get_locked(user_id)
        if user is None:
            return None
        deleted = DeletedUser(
            UserRecord.from_row(user),
            uow.users.holdings(user_id),
            tuple(uow.users.resume_files(user_id)),
        )
        uow.users.remove(user_id)
        return deleted


def delete_user_with_holdings(
    user_id: int, *, uow: UnitOfWork | None = None
) -> dict[str, Any] | None:
    """`remove_user` as a dict: the user, "holdings" and "resume_files" (a list)."""
    deleted = remove_user(user_id, uow=uow)
    if deleted is None:
        return None
    return deleted.held.as_dict() | {"resume_files": list(deleted.resume_files)}
