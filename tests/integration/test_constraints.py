"""Guarantees the database itself keeps, even when the Python checks are bypassed with raw SQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError

from tailor_core.auth.passwords import hash_password
from tailor_core.database import get_db_connection
from tests.support.factories import make_resume, make_user

# Hashed once: Argon2 is slow on purpose, and most tests do not care about the password.
_PASSWORD_HASH = hash_password("secret-password")


def _user(**overrides: Any) -> dict[str, Any]:
    return make_user(**{"password_hash": _PASSWORD_HASH, **overrides})


INSERT_JOB = text(
    "INSERT INTO jobs (user_id, resume_id, title, company_name, job_description, status) "
    "VALUES (:user_id, :resume_id, 'T', 'C', 'D', :status)"
)
INSERT_USER = text("INSERT INTO users (email, password_hash, name) VALUES (:email, 'x', 'Someone')")


def _refused(statement: Any, params: dict[str, Any], constraint: str) -> None:
    connection: Connection
    with get_db_connection() as connection:
        with pytest.raises(IntegrityError) as caught:
            connection.execute(statement, params)
        connection.rollback()
    assert constraint in str(caught.value)


def _count(table: str) -> int:
    with get_db_connection() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())  # noqa: S608


def test_job_with_another_users_resume_is_refused_by_the_composite_key(
    clean_tables: None,
) -> None:
    owner = _user()
    intruder = _user()
    resume = make_resume(owner["id"])
    params = {"user_id": intruder["id"], "resume_id": resume["id"], "status": "PENDING"}
    _refused(INSERT_JOB, params, "fk_jobs_resume_owned_by_user")
    assert _count("jobs") == 0


def test_raw_insert_of_an_owned_job_is_accepted(clean_tables: None) -> None:
    # The control for the test above: the same statement with the right owner goes through.
    owner = _user()
    resume = make_resume(owner["id"])
    with get_db_connection() as connection:
        connection.execute(
            INSERT_JOB, {"user_id": owner["id"], "resume_id": resume["id"], "status": "PENDING"}
        )
        connection.commit()
    assert _count("jobs") == 1


def test_same_email_in_another_case_is_refused_by_the_unique_index(clean_tables: None) -> None:
    with get_db_connection() as connection:
        connection.execute(INSERT_USER, {"email": "Case@Example.com"})
        connection.commit()
    _refused(INSERT_USER, {"email": "case@example.COM"}, "uq_users_email_lower")
    assert _count("users") == 1


@pytest.mark.parametrize("status", ["DONE", "pending", ""])
def test_status_outside_the_enum_is_refused_by_the_check_constraint(
    clean_tables: None, status: str
) -> None:
    owner = _user()
    resume = make_resume(owner["id"])
    params = {"user_id": owner["id"], "resume_id": resume["id"], "status": status}
    _refused(INSERT_JOB, params, "ck_jobs_job_status")
    assert _count("jobs") == 0


def test_negative_attempts_are_refused(clean_tables: None) -> None:
    owner = _user()
    resume = make_resume(owner["id"])
    statement = text(
        "INSERT INTO jobs (user_id, resume_id, title, company_name, job_description, attempts) "
        "VALUES (:user_id, :resume_id, 'T', 'C', 'D', -1)"
    )
    _refused(
        statement,
        {"user_id": owner["id"], "resume_id": resume["id"]},
        "ck_jobs_attempts_not_negative",
    )
