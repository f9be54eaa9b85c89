"""Small builders for users, resumes and jobs in integration tests."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

from sqlalchemy import text

from tailor_core.db.session import get_engine
from tailor_core.jobs.crud import get_job_by_id
from tailor_core.resumes.crud import create_resume
from tailor_core.users.crud import create_user

_counter = itertools.count(1)

RESUME = """Alex Doe
alex@example.com

Experience
Data Engineer, Acme Corp, 2019-2023
- Built Python pipelines on Airflow
- Tuned PostgreSQL queries and indexes
- Organised team lunches

Skills
Python, PostgreSQL, Airflow, Excel
"""


def make_user(**overrides: Any) -> dict[str, Any]:
    n = next(_counter)
    fields = {
        "email": f"user{n}@example.com",
        "password_hash": "secret-password",
        "name": f"User {n}",
    }
    return create_user(**{**fields, **overrides})


def make_resume(user_id: int, text: str = RESUME) -> dict[str, Any]:
    return create_resume(
        user_id=user_id,
        file_path="/tmp/resume.txt",
        original_filename="resume.txt",
        parsed_text=text,
    )


def posting(**overrides: Any) -> dict[str, Any]:
    fields = {
        "title": "Data Engineer",
        "company_name": "Globex",
        "job_description": "We need Python, PostgreSQL and Airflow experience.",
    }
    return {**fields, **overrides}


def make_owner() -> tuple[int, int]:
    """A new user and a resume of theirs: (user id, resume id)."""
    user = make_user()
    return user["id"], make_resume(user["id"])["id"]


def job_status(job_id: int) -> str:
    job = get_job_by_id(job_id)
    assert job is not None
    return str(job["status"])


def status_counts() -> Counter[str]:
    """How many jobs are in each status, counted by the database."""
    with get_engine().connect() as connection:
        rows = connection.execute(text("SELECT status, count(*) FROM jobs GROUP BY status"))
        return Counter({status: count for status, count in rows})  # noqa: C416
