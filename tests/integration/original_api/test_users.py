"""The original design's user functions, against PostgreSQL."""

from __future__ import annotations

import pytest

from tailor_core.auth.passwords import verify_password
from tailor_core.errors import InvalidInput, NotFound
from tailor_core.jobs import (
    get_all_jobs,
)
from tailor_core.resumes import (
    get_resume_by_id,
)
from tailor_core.users import (
    create_user,
    delete_user,
    get_all_users,
    get_user_by_email,
    get_user_by_id,
    update_user,
)
from tests.support.factories import make_resume
from tests.support.original_api import (
    PASSWORD_HASH,
    count_rows,
    original_job,
    original_user,
    scalar,
)

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
    stored = scalar("SELECT password_hash FROM users WHERE id = :id", id=user["id"])
    assert stored.startswith("$argon2")
    assert "s3cret pass" not in stored
    assert verify_password("s3cret pass", stored)
    assert not verify_password("other pass", stored)


def test_create_user_email_is_unique_ignoring_case(clean_tables: None) -> None:
    create_user(email="Ada@Example.com", password_hash=PASSWORD_HASH, name="Ada")
    with pytest.raises(InvalidInput, match="already exists"):
        create_user(email="ada@EXAMPLE.COM", password_hash=PASSWORD_HASH, name="Ada Two")
    assert count_rows("users") == 1


@pytest.mark.parametrize(("email", "name"), [("not-an-email", "Ada"), ("a@b.co", "   ")])
def test_create_user_refuses_bad_email_or_name(clean_tables: None, email: str, name: str) -> None:
    with pytest.raises(InvalidInput):
        create_user(email=email, password_hash="pw", name=name)
    assert count_rows("users") == 0


def test_get_user_by_id_and_by_email(clean_tables: None) -> None:
    user = create_user(email="Grace@Example.com", password_hash=PASSWORD_HASH, name="Grace")
    assert get_user_by_id(user["id"]) == user
    assert get_user_by_email("grace@example.com") == user
    assert get_user_by_email("  GRACE@EXAMPLE.COM ") == user
    assert get_user_by_id(user["id"] + 1000) is None
    assert get_user_by_email("nobody@example.com") is None


def test_get_all_users_pages_in_id_order(clean_tables: None) -> None:
    ids = [original_user()["id"] for _ in range(7)]
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
    user = original_user()
    updated = update_user(
        user["id"], name="  New Name ", email="new@example.com", password_hash="new password"
    )
    assert updated["name"] == "New Name"
    assert updated["email"] == "new@example.com"
    assert get_user_by_id(user["id"]) == updated
    stored = scalar("SELECT password_hash FROM users WHERE id = :id", id=user["id"])
    assert stored.startswith("$argon2")
    assert verify_password("new password", stored)


def test_update_user_refuses_unknown_field_and_missing_user(clean_tables: None) -> None:
    user = original_user()
    with pytest.raises(InvalidInput, match="id"):
        update_user(user["id"], id=99)
    with pytest.raises(InvalidInput, match="is_admin"):
        update_user(user["id"], is_admin=True)
    with pytest.raises(NotFound):
        update_user(user["id"] + 1000, name="Ghost")
    assert get_user_by_id(user["id"]) == user


def test_update_user_to_an_existing_email_is_refused(clean_tables: None) -> None:
    first = original_user(email="first@example.com")
    second = original_user(email="second@example.com")
    with pytest.raises(InvalidInput, match="already exists"):
        update_user(second["id"], email="FIRST@example.com")
    assert get_user_by_id(second["id"]) == second
    assert get_user_by_id(first["id"]) == first


def test_delete_user_cascades_to_resumes_and_jobs(clean_tables: None) -> None:
    user = original_user()
    other = original_user()
    resume = make_resume(user["id"])
    other_resume = make_resume(other["id"])
    original_job(user["id"], resume["id"])
    other_job = original_job(other["id"], other_resume["id"])
    assert delete_user(user["id"]) is True
    assert get_user_by_id(user["id"]) is None
    assert get_resume_by_id(resume["id"]) is None
    assert count_rows("resumes") == 1
    assert [j["id"] for j in get_all_jobs()] == [other_job["id"]]
    assert delete_user(user["id"]) is False
    assert delete_user(999_999) is False
