"""Small builders for users, resumes and jobs in integration tests."""

from __future__ import annotations

import itertools
from typing import Any

from tailor_core.resumes import create_resume
from tailor_core.users import create_user

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
