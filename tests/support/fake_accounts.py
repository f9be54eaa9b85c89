"""The fake unit of work's users and API tokens, stored like its jobs (fake_jobs.py)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from tailor_core.db.models import ApiToken, User
from tailor_core.errors import InvalidInput
from tailor_core.repositories.api_tokens import UsableToken
from tests.support.fake_jobs import UNFINISHED, _now, _Table

if TYPE_CHECKING:
    from tests.support.fake_unit_of_work import FakeUnitOfWork


class FakeUsers(_Table):
    def __init__(self, uow: FakeUnitOfWork) -> None:
        super().__init__(uow, "users")

    def _check_email_free(self, email: str, user_id: int | None = None) -> None:
        for row in self.rows.values():
            if row["email"].lower() == email.lower() and row["id"] != user_id:
                raise InvalidInput(f"a user with email {email} already exists")

    def add(self, *, email: str, password_hash: str, name: str) -> User:
        self._check_email_free(email)
        return User(**self.insert(email=email, password_hash=password_hash, name=name))

    def get(self, user_id: int) -> User | None:
        row = self.rows.get(user_id)
        return None if row is None else User(**row)

    def get_by_email(self, email: str) -> User | None:
        found = [r for r in self.rows.values() if r["email"].lower() == email.lower()]
        return User(**found[0]) if found else None

    def get_locked(self, user_id: int) -> User | None:
        return self.get(user_id)

    def holdings(self, user_id: int) -> dict[str, int]:
        jobs = [r for r in self._uow.jobs.rows.values() if r["user_id"] == user_id]
        return {
            "resumes": sum(1 for r in self._uow.resumes.rows.values() if r["user_id"] == user_id),
            "jobs": len(jobs),
            "unfinished_jobs": sum(1 for r in jobs if r["status"] in UNFINISHED),
            "api_tokens": sum(1 for r in self._uow.tokens.rows.values() if r["user_id"] == user_id),
        }

    def resume_files(self, user_id: int) -> list[str]:
        rows = sorted(self._uow.resumes.rows.values(), key=lambda r: r["id"])
        return [r["file_path"] for r in rows if r["user_id"] == user_id]

    def update(self, user: User, fields: dict[str, Any]) -> User:
        if "email" in fields:
            self._check_email_free(fields["email"], user.id)
        self.rows[user.id].update(fields, updated_at=_now())
        return User(**self.rows[user.id])

    def remove(self, user_id: int) -> bool:
        # The database cascades: their resumes (and so their jobs) and tokens go with them.
        for resume_id in [i for i, r in self._uow.resumes.rows.items() if r["user_id"] == user_id]:
            self._uow.resumes.remove(resume_id)
        for token_id in [i for i, r in self._uow.tokens.rows.items() if r["user_id"] == user_id]:
            del self._uow.tokens.rows[token_id]
        return self.rows.pop(user_id, None) is not None


class FakeTokens(_Table):
    def __init__(self, uow: FakeUnitOfWork) -> None:
        super().__init__(uow, "api_tokens")
        self.touched: list[int] = []

    def add(self, **fields: Any) -> ApiToken:
        row = self.insert(**(dict.fromkeys(("last_used_at", "expires_at", "revoked_at")) | fields))
        del row["updated_at"]  # tokens have none
        return ApiToken(**row)

    def usable_by_hash(self, token_hash: str) -> UsableToken | None:
        for row in self.rows.values():
            expired = row["expires_at"] is not None and row["expires_at"] <= _now()
            if row["token_hash"] == token_hash and row["revoked_at"] is None and not expired:
                return UsableToken(*(row[name] for name in UsableToken._fields))
        return None

    def touch(self, token_id: int) -> None:
        self.touched.append(token_id)
        self.rows[token_id]["last_used_at"] = _now()

    def listed(self, user_id: int | None, include_revoked: bool) -> list[ApiToken]:
        return [
            ApiToken(**r) for r in sorted(self.rows.values(), key=lambda r: r["id"])
            if (user_id is None or r["user_id"] == user_id)
            and (include_revoked or r["revoked_at"] is None)
        ]  # fmt: skip

    def revoke(self, token_id: int) -> bool:
        row = self.rows.get(token_id)
        if row is None or row["revoked_at"] is not None:
            return False
        row["revoked_at"] = _now()
        return True

    def exists(self, token_id: int) -> bool:
        return token_id in self.rows

    def expire(self, token_id: int, at: datetime) -> None:
        self.rows[token_id]["expires_at"] = at
