"""API tokens and the principal a request acts as.

A token is 256 random bits shown once; only its SHA-256 is stored (a slow password hash buys
nothing for a secret that cannot be guessed, and would make every request pay for it). Lookup
is by that hash, so no comparison ever runs over the secret itself.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tailor_core.auth.passwords import verify_password
from tailor_core.db.models import ApiToken
from tailor_core.db.session import unit_of_work
from tailor_core.errors import InvalidInput, NotFound, Unauthorized
from tailor_core.repositories import api_tokens as repo
from tailor_core.repositories import users as users_repo
from tailor_core.settings import get_settings
from tailor_core.validation import clean_name

PREFIX = "tailor_"
# Verified when the email is unknown, so a wrong email costs as long as a wrong password.
_DUMMY_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$60/4FATxcwooelUzjHqraw$"
    "DNxgkBKGgmKNgycLvrmr+TeA482BCCyzm74NnRlH+0c"
)
LOGIN_FAILED = "invalid email or password"


@dataclass(frozen=True)
class Principal:
    """Who a request acts as: a user's token, or a service token acting for a named user."""

    token_id: int
    token_name: str
    user_id: int | None
    is_service: bool


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _token_record(token: ApiToken) -> dict[str, Any]:
    return {
        "id": token.id,
        "name": token.name,
        "user_id": token.user_id,
        "is_service": token.is_service,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "expires_at": token.expires_at,
        "revoked_at": token.revoked_at,
    }


def create_token(
    *, user_id: int | None, name: str, service: bool = False, ttl_seconds: int | None = None
) -> dict[str, Any]:
    """A new token: the record plus `token` and `webhook_secret`, which are never shown again."""
    if service == (user_id is not None):
        raise InvalidInput("a token is either a service token or a user's token (give user_id)")
    plain = PREFIX + secrets.token_urlsafe(32)
    expires = None if ttl_seconds is None else datetime.now(UTC) + timedelta(seconds=ttl_seconds)
    with unit_of_work() as session:
        if user_id is not None and users_repo.get(session, user_id) is None:
            raise NotFound("user", user_id)
        token = repo.add(
            session,
            user_id=user_id,
            name=clean_name(name),
            token_hash=hash_token(plain),
            is_service=service,
            webhook_secret=secrets.token_hex(32),
            expires_at=expires,
        )
        record = _token_record(token)
        record["webhook_secret"] = token.webhook_secret
    record["token"] = plain
    return record


def authenticate(token: str) -> Principal:
    wanted = hash_token(token)
    with unit_of_work() as session:
        found = repo.usable_by_hash(session, wanted)
        # Defence in depth: the index found it, the constant-time compare confirms it.
        if found is None or not hmac.compare_digest(found.token_hash, wanted):
            raise Unauthorized("the bearer token is unknown, expired or revoked")
        repo.touch(session, found.id)
        return Principal(found.id, found.name, found.user_id, found.is_service)


def login(email: str, password: str) -> dict[str, Any]:
    """A short-lived user token (TAILOR_LOGIN_TOKEN_TTL) for a correct email and password."""
    with unit_of_work() as session:
        user = users_repo.get_by_email(session, email.strip())
        stored = user.password_hash if user is not None else _DUMMY_HASH
        # Always one Argon2 verification: the answer and its timing are the same either way.
        if not verify_password(password, stored) or user is None:
            raise Unauthorized(LOGIN_FAILED)
        user_id = user.id
    return create_token(user_id=user_id, name="login", ttl_seconds=get_settings().login_token_ttl)


def list_tokens(user_id: int | None = None, include_revoked: bool = False) -> list[dict[str, Any]]:
    with unit_of_work() as session:
        return [_token_record(t) for t in repo.listed(session, user_id, include_revoked)]


def revoke_token(token_id: int) -> bool:
    """True when revoked now; False when it was already revoked. NotFound when unknown."""
    with unit_of_work() as session:
        if repo.revoke(session, token_id):
            return True
        if not repo.exists(session, token_id):
            raise NotFound("token", token_id)
        return False
