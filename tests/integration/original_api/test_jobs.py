"""The original design's job functions, against PostgreSQL."""

from __future__ import annotations

import pytest

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
    get_resume_by_id,
)
from tailor_core.users import (
    get_user_by_id,
)
from tests.support.factories import make_resume
from tests.support.original_api import (
    count_rows,
    original_job,
    original_user,
)

# --- jobs ----------------------------------------------------------------------------------


def test_create_job_stores_a_pending_job(clean_tables: None) -> None:
    user = original_user()
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
    user = original_user()
    resume = make_resume(user["id"])
    job = original_job(user["id"], resume["id"], status="processing")
    assert job["status"] == "PROCESSING"
    with pytest.raises(InvalidInput, match="unknown job status"):
        original_job(user["id"], resume["id"], status="DONE")
    assert count_rows("jobs") == 1


def test_create_job_with_another_users_resume_is_not_found(clean_tables: None) -> None:
    user = original_user()
    other = original_user()
    foreign = make_resume(other["id"])
    with pytest.raises(NotFound, match=f"resume {foreign['id']}"):
        original_job(user["id"], foreign["id"])
    with pytest.raises(NotFound):
        original_job(user["id"], foreign["id"] + 1000)
    assert count_rows("jobs") == 0


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
    user = original_user()
    resume = make_resume(user["id"])
    with pytest.raises(InvalidInput):
        original_job(user["id"], resume["id"], **fields)
    assert count_rows("jobs") == 0


def test_get_job_with_relations_nests_user_and_resume(clean_tables: None) -> None:
    user = original_user()
    resume = make_resume(user["id"])
    job = original_job(user["id"], resume["id"])
    found = get_job_with_relations(job["id"])
    assert found is not None
    assert found["user"] == user
    assert "password_hash" not in found["user"]
    assert found["resume"] == get_resume_by_id(resume["id"])
    assert {k: v for k, v in found.items() if k not in {"user", "resume"}} == job
    assert get_job_with_relations(job["id"] + 1000) is None


def test_get_jobs_by_user_id_and_get_all_jobs_with_status_filter(clean_tables: None) -> None:
    user = original_user()
    other = original_user()
    resume = make_resume(user["id"])
    other_resume = make_resume(other["id"])
    mine = [original_job(user["id"], resume["id"])["id"] for _ in range(4)]
    theirs = original_job(other["id"], other_resume["id"])["id"]
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
    user = original_user()
    resume = make_resume(user["id"])
    second = make_resume(user["id"])
    foreign = make_resume(original_user()["id"])
    job = original_job(user["id"], resume["id"])
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
    user = original_user()
    job = original_job(user["id"], make_resume(user["id"])["id"])
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
    user = original_user()
    job = original_job(user["id"], make_resume(user["id"])["id"])
    done = complete_job(job["id"], "text", report={"score": 0.5, "missing": ["Go"]})
    assert done["report"] == {"score": 0.5, "missing": ["Go"]}
    assert get_job_by_id(job["id"]) == done


def test_mark_job_as_failed_sets_error(clean_tables: None) -> None:
    user = original_user()
    resume = make_resume(user["id"])
    job = original_job(user["id"], resume["id"])
    failed = mark_job_as_failed(job["id"], "the posting was spam")
    assert failed["status"] == "FAILED"
    assert failed["error"] == "the posting was spam"
    assert failed["tailored_resume_text"] is None
    default = mark_job_as_failed(original_job(user["id"], resume["id"])["id"])
    assert default["status"] == "FAILED"
    assert default["error"]
    with pytest.raises(InvalidInput, match="already FAILED"):
        complete_job(job["id"], "text")
    assert get_job_by_id(job["id"]) == failed
    with pytest.raises(NotFound):
        mark_job_as_failed(job["id"] + 1000)


def test_delete_job(clean_tables: None) -> None:
    user = original_user()
    resume = make_resume(user["id"])
    job = original_job(user["id"], resume["id"])
    assert delete_job(job["id"]) is True
    assert get_job_by_id(job["id"]) is None
    assert delete_job(job["id"]) is False
    assert get_resume_by_id(resume["id"]) is not None
    assert get_user_by_id(user["id"]) is not None
