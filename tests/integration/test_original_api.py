"""Every function of the original design's list, against PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import inspect, text

from tailor_core.auth.passwords import hash_password, verify_password
from tailor_core.database import (
    create_tables,
    current_revision,
    drop_tables,
    get_db_connection,
    head_revision,
)
from tailor_core.db.session import get_engine
from tailor_core.errors import InvalidInput, NotFound
from tailor_core.jobs import (
    complete_job,
    create_job,
    delete_job,
    get_all_jobs,
    get_job_by_id,
    get_job_with_relations,
    get_jobs_by_user_id,
    mark_job_as_failed,
    update_job,
)
from tailor_core.resumes import (
    create_resume,
    delete_resume,
    get_all_resumes,
    get_resume_by_id,
    get_resumes_by_user_id,
    update_resume,
)
from tailor_core.users import (
    create_user,
    delete_user,
    get_all_users,
    get_user_by_email,
    get_user_by_id,
    update_user,
)
from tests.support.factories import RESUME, make_resume, make_user, posting

# Hashed once: Argon2 is slow on purpose, and most tests do not care about the password.
_PASSWORD_HASH = hash_password("secret-password")


def _user(**overrides: Any) -> dict[str, Any]:
    return make_user(**{"password_hash": _PASSWORD_HASH, **overrides})


def _scalar(sql: str, **params: Any) -> Any:
    with get_db_connection() as connection:
        return connection.execute(text(sql), params).scalar()


def _count(table: str) -> int:
    return int(_scalar(f"SELECT count(*) FROM {table}"))  # noqa: S608 - fixed table names


def _job(user_id: int, resume_id: int, **overrides: Any) -> dict[str, Any]:
    return create_job(user_id=user_id, resume_id=resume_id, **posting(**overrides))


# --- database management -------------------------------------------------------------------


def test_create_tables_is_idempotent_and_keeps_data(clean_tables: None) -> None:
    before = current_revision()
    user = _user()
    create_tables()
    create_tables()
    assert before == head_revision()
    assert current_revision() == before
    assert get_user_by_id(user["id"]) == user


def test_drop_tables_removes_every_table_and_create_tables_restores_them(
    clean_tables: None,
) -> None:
    _user()
    try:
        drop_tables()
        remaining = set(inspect(get_engine()).get_table_names())
        assert not remaining & {"users", "resumes", "jobs", "alembic_version"}
        assert current_revision() is None
    finally:
        create_tables()
    assert current_revision() == head_revision()
    assert {"users", "resumes", "jobs"} <= set(inspect(get_engine()).get_table_names())
    assert _count("users") == 0
    assert get_all_users() == []


def test_get_db_connection_works_in_a_with_block(database: str) -> None:
    with get_db_connection() as connection:
        assert connection.execute(text("SELECT 1")).scalar() == 1
        assert connection.dialect.name == "postgresql"
    assert connection.closed


# --- users ---------------------------------------------------------------------------------


def test_create_user_returns_record_without_password_hash(clean_tables: None) -> None:
    user = create_user(email="ada@example.com", password_hash="s3cret pass", name="Ada")
    assert set(user) == {"id", "email", "name", "created_at", "updated_at"}
    assert user["email"] == "ada@example.com"
    assert user["name"] == "Ada"
    assert isinstance(user["id"], int)
    assert user["id"] > 0


def test_create_user_never_stores_the_plain_password(clean_tables: None) -> None:
    user = create_user(email="ada@example.com", password_hash="s3cret pass", name="Ada")
    stored = _scalar("SELECT password_hash FROM users WHERE id = :id", id=user["id"])
    assert stored.startswith("$argon2")
    assert "s3cret pass" not in stored
    assert verify_password("s3cret pass", stored)
    assert not verify_password("other pass", stored)


def test_create_user_email_is_unique_ignoring_case(clean_tables: None) -> None:
    create_user(email="Ada@Example.com", password_hash=_PASSWORD_HASH, name="Ada")
    with pytest.raises(InvalidInput, match="already exists"):
        create_user(email="ada@EXAMPLE.COM", password_hash=_PASSWORD_HASH, name="Ada Two")
    assert _count("users") == 1


@pytest.mark.parametrize(("email", "name"), [("not-an-email", "Ada"), ("a@b.co", "   ")])
def test_create_user_refuses_bad_email_or_name(clean_tables: None, email: str, name: str) -> None:
    with pytest.raises(InvalidInput):
        create_user(email=email, password_hash="pw", name=name)
    assert _count("users") == 0


def test_get_user_by_id_and_by_email(clean_tables: None) -> None:
    user = create_user(email="Grace@Example.com", password_hash=_PASSWORD_HASH, name="Grace")
    assert get_user_by_id(user["id"]) == user
    assert get_user_by_email("grace@example.com") == user
    assert get_user_by_email("  GRACE@EXAMPLE.COM ") == user
    assert get_user_by_id(user["id"] + 1000) is None
    assert get_user_by_email("nobody@example.com") is None


def test_get_all_users_pages_in_id_order(clean_tables: None) -> None:
    ids = [_user()["id"] for _ in range(7)]
    assert [u["id"] for u in get_all_users()] == ids
    assert [u["id"] for u in get_all_users(limit=3)] == ids[:3]
    assert [u["id"] for u in get_all_users(limit=3, offset=3)] == ids[3:6]
    assert [u["id"] for u in get_all_users(limit=3, offset=6)] == ids[6:]
    assert get_all_users(limit=3, offset=7) == []


@pytest.mark.parametrize(("limit", "offset"), [(0, 0), (5000, 0), (-1, 0), (10, -1)])
def test_get_all_users_refuses_bad_paging(database: str, limit: int, offset: int) -> None:
    with pytest.raises(InvalidInput):
        get_all_users(limit=limit, offset=offset)


def test_update_user_changes_fields_and_rehashes_password(clean_tables: None) -> None:
    user = _user()
    updated = update_user(
        user["id"], name="  New Name ", email="new@example.com", password_hash="new password"
    )
    assert updated["name"] == "New Name"
    assert updated["email"] == "new@example.com"
    assert get_user_by_id(user["id"]) == updated
    stored = _scalar("SELECT password_hash FROM users WHERE id = :id", id=user["id"])
    assert stored.startswith("$argon2")
    assert verify_password("new password", stored)


def test_update_user_refuses_unknown_field_and_missing_user(clean_tables: None) -> None:
    user = _user()
    with pytest.raises(InvalidInput, match="id"):
        update_user(user["id"], id=99)
    with pytest.raises(InvalidInput, match="is_admin"):
        update_user(user["id"], is_admin=True)
    with pytest.raises(NotFound):
        update_user(user["id"] + 1000, name="Ghost")
    assert get_user_by_id(user["id"]) == user


def test_update_user_to_an_existing_email_is_refused(clean_tables: None) -> None:
    first = _user(email="first@example.com")
    second = _user(email="second@example.com")
    with pytest.raises(InvalidInput, match="already exists"):
        update_user(second["id"], email="FIRST@example.com")
    assert get_user_by_id(second["id"]) == second
    assert get_user_by_id(first["id"]) == first


def test_delete_user_cascades_to_resumes_and_jobs(clean_tables: None) -> None:
    user = _user()
    other = _user()
    resume = make_resume(user["id"])
    other_resume = make_resume(other["id"])
    _job(user["id"], resume["id"])
    other_job = _job(other["id"], other_resume["id"])
    assert delete_user(user["id"]) is True
    assert get_user_by_id(user["id"]) is None
    assert get_resume_by_id(resume["id"]) is None
    assert _count("resumes") == 1
    assert [j["id"] for j in get_all_jobs()] == [other_job["id"]]
    assert delete_user(user["id"]) is False
    assert delete_user(999_999) is False


# --- resumes -------------------------------------------------------------------------------


def test_create_and_get_resume(clean_tables: None) -> None:
    user = _user()
    resume = create_resume(
        user_id=user["id"],
        file_path="/tmp/cv.md",
        original_filename="cv.md",
        parsed_text=RESUME,
        content_type="text/markdown",
    )
    assert resume["user_id"] == user["id"]
    assert resume["parsed_text"] == RESUME
    assert resume["content_type"] == "text/markdown"
    assert get_resume_by_id(resume["id"]) == resume
    assert get_resume_by_id(resume["id"] + 1000) is None


def test_create_resume_for_missing_user_is_not_found(clean_tables: None) -> None:
    with pytest.raises(NotFound, match="user 4242"):
        create_resume(
            user_id=4242, file_path="/tmp/r.txt", original_filename="r.txt", parsed_text="text"
        )
    assert _count("resumes") == 0


def test_create_resume_refuses_nul_bytes(clean_tables: None) -> None:
    user = _user()
    with pytest.raises(InvalidInput, match="NUL"):
        create_resume(
            user_id=user["id"],
            file_path="/tmp/r.txt",
            original_filename="r.txt",
            parsed_text="abc\x00def",
        )
    assert _count("resumes") == 0


def test_get_resumes_by_user_id_pages_only_that_users_resumes(clean_tables: None) -> None:
    user = _user()
    other = _user()
    mine = []
    for _ in range(5):
        mine.append(make_resume(user["id"])["id"])
        make_resume(other["id"])
    assert [r["id"] for r in get_resumes_by_user_id(user["id"])] == mine
    assert [r["id"] for r in get_resumes_by_user_id(user["id"], limit=2)] == mine[:2]
    assert [r["id"] for r in get_resumes_by_user_id(user["id"], limit=2, offset=4)] == mine[4:]
    assert get_resumes_by_user_id(999_999) == []
    assert len(get_all_resumes()) == 10
    assert len(get_all_resumes(limit=4, offset=8)) == 2
    with pytest.raises(InvalidInput):
        get_resumes_by_user_id(user["id"], limit=0)
    with pytest.raises(InvalidInput):
        get_all_resumes(limit=5000)


def test_update_resume(clean_tables: None) -> None:
    resume = make_resume(_user()["id"])
    updated = update_resume(resume["id"], parsed_text="new text", original_filename="new.txt")
    assert updated["parsed_text"] == "new text"
    assert updated["original_filename"] == "new.txt"
    assert get_resume_by_id(resume["id"]) == updated
    with pytest.raises(InvalidInput, match="user_id"):
        update_resume(resume["id"], user_id=12)
    with pytest.raises(InvalidInput, match="NUL"):
        update_resume(resume["id"], parsed_text="bad\x00")
    with pytest.raises(NotFound):
        update_resume(resume["id"] + 1000, parsed_text="x")
    assert get_resume_by_id(resume["id"]) == updated


def test_delete_resume_cascades_to_its_jobs(clean_tables: None) -> None:
    user = _user()
    resume = make_resume(user["id"])
    kept = make_resume(user["id"])
    job = _job(user["id"], resume["id"])
    kept_job = _job(user["id"], kept["id"])
    assert delete_resume(resume["id"]) is True
    assert get_job_by_id(job["id"]) is None
    assert get_job_by_id(kept_job["id"]) == kept_job
    assert delete_resume(resume["id"]) is False


# --- jobs ----------------------------------------------------------------------------------


def test_create_job_stores_a_pending_job(clean_tables: None) -> None:
    user = _user()
    resume = make_resume(user["id"])
    job = create_job(
        user_id=user["id"],
        resume_id=resume["id"],
        title="  Data Engineer ",
        company_name="Globex",
        job_description="Python please",
    )
    assert job["status"] == "PENDING"
    assert job["title"] == "Data Engineer"
    assert job["attempts"] == 0
    assert job["tailored_resume_text"] is None
    assert get_job_by_id(job["id"]) == job
    assert get_job_by_id(job["id"] + 1000) is None


def test_create_job_accepts_status_in_any_case_and_refuses_unknown(clean_tables: None) -> None:
    user = _user()
    resume = make_resume(user["id"])
    job = _job(user["id"], resume["id"], status="processing")
    assert job["status"] == "PROCESSING"
    with pytest.raises(InvalidInput, match="unknown job status"):
        _job(user["id"], resume["id"], status="DONE")
    assert _count("jobs") == 1


def test_create_job_with_another_users_resume_is_not_found(clean_tables: None) -> None:
    user = _user()
    other = _user()
    foreign = make_resume(other["id"])
    with pytest.raises(NotFound, match=f"resume {foreign['id']}"):
        _job(user["id"], foreign["id"])
    with pytest.raises(NotFound):
        _job(user["id"], foreign["id"] + 1000)
    assert _count("jobs") == 0


@pytest.mark.parametrize(
    "fields",
    [
        {"job_description": ""},
        {"job_description": "   \n "},
        {"title": ""},
        {"company_name": "  "},
        {"job_description": "x" * 100_001},
        {"job_description": "nul\x00byte"},
    ],
)
def test_create_job_refuses_an_unusable_posting(clean_tables: None, fields: dict[str, str]) -> None:
    user = _user()
    resume = make_resume(user["id"])
    with pytest.raises(InvalidInput):
        _job(user["id"], resume["id"], **fields)
    assert _count("jobs") == 0


def test_get_job_with_relations_nests_user_and_resume(clean_tables: None) -> None:
    user = _user()
    resume = make_resume(user["id"])
    job = _job(user["id"], resume["id"])
    found = get_job_with_relations(job["id"])
    assert found is not None
    assert found["user"] == user
    assert "password_hash" not in found["user"]
    assert found["resume"] == get_resume_by_id(resume["id"])
    assert {k: v for k, v in found.items() if k not in {"user", "resume"}} == job
    assert get_job_with_relations(job["id"] + 1000) is None


def test_get_jobs_by_user_id_and_get_all_jobs_with_status_filter(clean_tables: None) -> None:
    user = _user()
    other = _user()
    resume = make_resume(user["id"])
    other_resume = make_resume(other["id"])
    mine = [_job(user["id"], resume["id"])["id"] for _ in range(4)]
    theirs = _job(other["id"], other_resume["id"])["id"]
    complete_job(mine[1], "done")
    mark_job_as_failed(mine[2], "bad")

    assert [j["id"] for j in get_jobs_by_user_id(user["id"])] == mine
    assert [j["id"] for j in get_jobs_by_user_id(user["id"], limit=2, offset=1)] == mine[1:3]
    assert [j["id"] for j in get_jobs_by_user_id(user["id"], status="pending")] == [
        mine[0],
        mine[3],
    ]
    assert [j["id"] for j in get_all_jobs()] == [*mine, theirs]
    assert [j["id"] for j in get_all_jobs(status="PENDING")] == [mine[0], mine[3], theirs]
    assert [j["id"] for j in get_all_jobs(status="COMPLETED")] == [mine[1]]
    assert [j["id"] for j in get_all_jobs(status="FAILED")] == [mine[2]]
    assert get_all_jobs(status="CANCELLED") == []
    with pytest.raises(InvalidInput):
        get_all_jobs(status="weird")
    with pytest.raises(InvalidInput):
        get_all_jobs(limit=0)


def test_update_job(clean_tables: None) -> None:
    user = _user()
    resume = make_resume(user["id"])
    second = make_resume(user["id"])
    foreign = make_resume(_user()["id"])
    job = _job(user["id"], resume["id"])
    updated = update_job(job["id"], title="Staff Engineer", resume_id=second["id"])
    assert updated["title"] == "Staff Engineer"
    assert updated["resume_id"] == second["id"]
    assert get_job_by_id(job["id"]) == updated
    with pytest.raises(NotFound):
        update_job(job["id"], resume_id=foreign["id"])
    with pytest.raises(InvalidInput, match="user_id"):
        update_job(job["id"], user_id=foreign["user_id"])
    with pytest.raises(InvalidInput, match="unknown job status"):
        update_job(job["id"], status="nope")
    with pytest.raises(NotFound):
        update_job(job["id"] + 1000, title="x")
    assert get_job_by_id(job["id"]) == updated


def test_complete_job_once_then_refuses(clean_tables: None) -> None:
    user = _user()
    job = _job(user["id"], make_resume(user["id"])["id"])
    done = complete_job(job["id"], "first tailored text")
    assert done["status"] == "COMPLETED"
    assert done["tailored_resume_text"] == "first tailored text"
    assert done["finished_at"] is not None
    with pytest.raises(InvalidInput, match="already COMPLETED"):
        complete_job(job["id"], "second tailored text")
    with pytest.raises(InvalidInput):
        mark_job_as_failed(job["id"], "too late")
    again = get_job_by_id(job["id"])
    assert again is not None
    assert again["status"] == "COMPLETED"
    assert again["tailored_resume_text"] == "first tailored text"
    assert again["error"] is None
    with pytest.raises(NotFound):
        complete_job(job["id"] + 1000, "text")


def test_complete_job_stores_report(clean_tables: None) -> None:
    user = _user()
    job = _job(user["id"], make_resume(user["id"])["id"])
    done = complete_job(job["id"], "text", report={"score": 0.5, "missing": ["Go"]})
    assert done["report"] == {"score": 0.5, "missing": ["Go"]}
    assert get_job_by_id(job["id"]) == done


def test_mark_job_as_failed_sets_error(clean_tables: None) -> None:
    user = _user()
    resume = make_resume(user["id"])
    job = _job(user["id"], resume["id"])
    failed = mark_job_as_failed(job["id"], "the posting was spam")
    assert failed["status"] == "FAILED"
    assert failed["error"] == "the posting was spam"
    assert failed["tailored_resume_text"] is None
    default = mark_job_as_failed(_job(user["id"], resume["id"])["id"])
    assert default["status"] == "FAILED"
    assert default["error"]
    with pytest.raises(InvalidInput, match="already FAILED"):
        complete_job(job["id"], "text")
    assert get_job_by_id(job["id"]) == failed
    with pytest.raises(NotFound):
        mark_job_as_failed(job["id"] + 1000)


def test_delete_job(clean_tables: None) -> None:
    user = _user()
    resume = make_resume(user["id"])
    job = _job(user["id"], resume["id"])
    assert delete_job(job["id"]) is True
    assert get_job_by_id(job["id"]) is None
    assert delete_job(job["id"]) is False
    assert get_resume_by_id(resume["id"]) is not None
    assert get_user_by_id(user["id"]) is not None


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
        _scalar("SELECT password_hash FROM users WHERE id = :id", id=user["id"])
        != "hashed_password"
    )
