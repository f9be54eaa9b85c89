"""The original design's resume functions, against PostgreSQL."""

from __future__ import annotations

import pytest

from tailor_core.errors import InvalidInput, NotFound
from tailor_core.jobs import (
    get_job_by_id,
)
from tailor_core.resumes import (
    create_resume,
    delete_resume,
    get_all_resumes,
    get_resume_by_id,
    get_resumes_by_user_id,
    update_resume,
)
from tests.support.factories import RESUME, make_resume
from tests.support.original_api import (
    count_rows,
    original_job,
    original_user,
)

# --- resumes -------------------------------------------------------------------------------


def test_create_and_get_resume(clean_tables: None) -> None:
    user = original_user()
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
    assert count_rows("resumes") == 0


def test_create_resume_refuses_nul_bytes(clean_tables: None) -> None:
    user = original_user()
    with pytest.raises(InvalidInput, match="NUL"):
        create_resume(
            user_id=user["id"],
            file_path="/tmp/r.txt",
            original_filename="r.txt",
            parsed_text="abc\x00def",
        )
    assert count_rows("resumes") == 0


def test_get_resumes_by_user_id_pages_only_that_users_resumes(clean_tables: None) -> None:
    user = original_user()
    other = original_user()
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
    resume = make_resume(original_user()["id"])
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
    user = original_user()
    resume = make_resume(user["id"])
    kept = make_resume(user["id"])
    job = original_job(user["id"], resume["id"])
    kept_job = original_job(user["id"], kept["id"])
    assert delete_resume(resume["id"]) is True
    assert get_job_by_id(job["id"]) is None
    assert get_job_by_id(kept_job["id"]) == kept_job
    assert delete_resume(resume["id"]) is False
