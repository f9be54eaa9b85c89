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
from typing import TYPE_CHECKING, Any

from tailor_core.auth.passwords import verify_password
from tailor_core.db.unit_of_work import UnitOfWork, or_new
from tailor_core.errors import InvalidInput, NotFound, Unauthorized
from tailor_core.settings import get_settings
from tailor_core.validation import clean_name

if TYPE_CHECKING:
    from tailor_core.db.models import ApiToken

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
    *,
    user_id: int | None,
    name: str,
    service: bool = False,
    ttl_seconds: int | None = None,
    uow: UnitOfWork | None = None,
) -> dict[str, Any]:
    """A new token: the record plus `token` and `webhook_secret`, which are never shown again."""
    if service == (user_id is not None):
        raise InvalidInput("a token is either a service token or a user's token (give user_id)")
    plain = PREFIX + secrets.token_urlsafe(32)
    expires = None if ttl_seconds is None else datetime.now(UTC) + timedelta(seconds=ttl_seconds)
    uow = or_new(uow)
    with uow.transaction():
        if user_id is not None and uow.users.get(user_id) is None:
            raise NotFound("user", user_id)
        token = uow.tokens.add(
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


def authenticate(token: str, *, uow: UnitOfWork | None = None) -> Principal:
    wanted = hash_token(token)
    uow = or_new(uow)
    # Single statements, not a transaction: every request pays for this, and the look-up and
    # the touch need not be atomic (the touch only notes the time of use).
    with uow.statements():
        found = uow.tokens.usable_by_hash(wanted)
        # Defence in depth: the index found it, the constant-time compare confirms it.
        if found is None or not hmac.compare_digest(found.token_hash, wanted):
            raise Unauthorized("the bearer token is unknown, expired or revoked")
        uow.tokens.touch(found.id)
    return Principal(found.id, found.name, found.user_id, found.is_service)


def login(email: str, password: str, *, uow: UnitOfWork | None = None) -> dict[str, Any]:
    """A short-lived user token (TAILOR_LOGIN_TOKEN_TTL) for a correct email and password."""
    uow = or_new(uow)
    with uow.transaction():
        user = uow.users.get_by_email(email.strip())
        user_id, stored = (None, _DUMMY_HASH) if user is None else (user.id, user.password_hash)
    # Always one Argon2 verification: the answer and its timing are the same either way. Out of
    # the transaction: no connection is held while it runs.
    if not verify_password(password, stored) or user_id is None:
        raise Unauthorized(LOGIN_FAILED)
    return create_token(
        user_id=user_id, name="login", ttl_seconds=get_settings().login_token_ttl, uow=uow
    )


def list_tokens(
    user_id: int | None = None, include_revoked: bool = False, *, uow: UnitOfWork | None = None
) -> list[dict[str, Any]]:
    uow = or_new(uow)
    with uow.transaction():
        return [_token_record(t) for t in uow.tokens.listed(user_id, include_revoked)]


def revoke_token(token_id: int, *, uow: UnitOfWork | None = None) -> bool:
    """True when revoked now; False when it was already revoked. NotFound when unknown."""
    uow = or_new(uow)
    with uow.transaction():
        if uow.tokens.revoke(token_id):
            return True
        if not uow.tokens.exists(token_id):
            raise NotFound("token", token_id)
        return False
