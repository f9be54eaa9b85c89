"""The original design's database management and its README's usage example, against
PostgreSQL."""

from __future__ import annotations

from sqlalchemy import inspect, text

from tailor_core.database import (
    create_tables,
    current_revision,
    drop_tables,
    get_db_connection,
    head_revision,
)
from tailor_core.db.session import get_engine
from tailor_core.jobs import (
    complete_job,
    create_job,
    get_job_with_relations,
)
from tailor_core.resumes import (
    create_resume,
)
from tailor_core.users import (
    create_user,
    get_all_users,
    get_user_by_id,
)
from tests.support.original_api import (
    count_rows,
    original_user,
    scalar,
)

# --- database management -------------------------------------------------------------------


def test_create_tables_is_idempotent_and_keeps_data(clean_tables: None) -> None:
    before = current_revision()
    user = original_user()
    create_tables()
    create_tables()
    assert before == head_revision()
    assert current_revision() == before
    assert get_user_by_id(user["id"]) == user


def test_drop_tables_removes_every_table_and_create_tables_restores_them(
    clean_tables: None,
) -> None:
    original_user()
    try:
        drop_tables()
        remaining = set(inspect(get_engine()).get_table_names())
        assert not remaining & {"users", "resumes", "jobs", "alembic_version"}
        assert current_revision() is None
    finally:
        create_tables()
    assert current_revision() == head_revision()
    assert {"users", "resumes", "jobs"} <= set(inspect(get_engine()).get_table_names())
    assert count_rows("users") == 0
    assert get_all_users() == []


def test_get_db_connection_works_in_a_with_block(database: str) -> None:
    with get_db_connection() as connection:
        assert connection.execute(text("SELECT 1")).scalar() == 1
        assert connection.dialect.name == "postgresql"
    assert connection.closed


# --- the original README's usage example, as written -----------------------------------------


def test_original_readme_usage_example(clean_tables: None) -> None:
    create_tables()
    user = create_user(email="john@example.com", password_hash="hashed_password", name="John Doe")
    resume = create_resume(
        user_id=user["id"],
        file_path="/path/to/resume.pdf",
        original_filename="resume.pdf",
        parsed_text="...",
    )
    job = create_job(
        user_id=user["id"],
        resume_id=resume["id"],
        title="Software Engineer",
        company_name="Tech Corp",
        job_description="We are looking for...",
    )

    # Later, complete the job
    complete_job(job_id=job["id"], tailored_resume_text="Tailored resume content...")

    stored = get_job_with_relations(job["id"])
    assert stored is not None
    assert stored["status"] == "COMPLETED"
    assert stored["tailored_resume_text"] == "Tailored resume content..."
    assert stored["user"]["email"] == "john@example.com"
    assert stored["resume"]["original_filename"] == "resume.pdf"
    assert (
        scalar("SELECT password_hash FROM users WHERE id = :id", id=user["id"]) != "hashed_password"
    )
