"""Helpers for the tests of the original design's functions (tests/integration/original_api)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from tailor_core.auth.passwords import hash_password
from tailor_core.database import get_db_connection
from tailor_core.jobs import create_job
from tests.support.factories import make_user, posting

# Hashed once: Argon2 is slow on purpose, and most tests do not care about the password.
PASSWORD_HASH = hash_password("secret-password")


def original_user(**overrides: Any) -> dict[str, Any]:
    return make_user(**{"password_hash": PASSWORD_HASH, **overrides})


def scalar(sql: str, **params: Any) -> Any:
    with get_db_connection() as connection:
        return connection.execute(text(sql), params).scalar()


def count_rows(table: str) -> int:
    return int(scalar(f"SELECT count(*) FROM {table}"))  # noqa: S608 - fixed table names


def original_job(user_id: int, resume_id: int, **overrides: Any) -> dict[str, Any]:
    return create_job(user_id=user_id, resume_id=resume_id, **posting(**overrides))
