"""The producer stores and commits a job before it rings the broker, and refuses bad input whole."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool

from tailor_core.auth.passwords import hash_password
from tailor_core.database import get_db_connection
from tailor_core.errors import InvalidInput, NotFound
from tailor_core.jobs.crud import get_job_by_id
from tailor_core.jobs.producer import JobRequest, submit_job, submit_jobs
from tests.support.factories import make_resume, make_user, posting

# Hashed once: Argon2 is slow on purpose, and most tests do not care about the password.
_PASSWORD_HASH = hash_password("secret-password")


def _user(**overrides: Any) -> dict[str, Any]:
    return make_user(**{"password_hash": _PASSWORD_HASH, **overrides})


@pytest.fixture
def fresh_engine(database: str) -> Iterator[Engine]:
    """An engine of its own: nothing it sees can come from the producer's pooled connection."""
    engine = create_engine(database, poolclass=NullPool)
    yield engine
    engine.dispose()


@pytest.fixture
def owner(clean_tables: None) -> tuple[int, int]:
    user = _user()
    return user["id"], make_resume(user["id"])["id"]


def _count_jobs() -> int:
    with get_db_connection() as connection:
        return int(connection.execute(text("SELECT count(*) FROM jobs")).scalar_one())


def _submit(user_id: Any, resume_id: Any, publish: Any, **overrides: Any) -> dict[str, Any]:
    return submit_job(user_id=user_id, resume_id=resume_id, publish=publish, **posting(**overrides))


def test_submit_job_commits_before_it_publishes(
    owner: tuple[int, int], fresh_engine: Engine
) -> None:
    seen: list[tuple[int, str | None]] = []

    def publish(job_id: int) -> None:
        with fresh_engine.connect() as connection:
            status = connection.execute(
                text("SELECT status FROM jobs WHERE id = :id"), {"id": job_id}
            ).scalar()
        seen.append((job_id, status))

    user_id, resume_id = owner
    job = _submit(user_id, resume_id, publish)
    assert seen == [(job["id"], "PENDING")]
    assert job["published"] is True
    assert job["status"] == "PENDING"
    assert job["user_id"] == user_id
    assert job["resume_id"] == resume_id


def test_submit_job_publish_also_sees_it_through_get_db_connection(
    owner: tuple[int, int],
) -> None:
    seen: list[str | None] = []

    def publish(job_id: int) -> None:
        with get_db_connection() as connection:
            seen.append(
                connection.execute(
                    text("SELECT status FROM jobs WHERE id = :id"), {"id": job_id}
                ).scalar()
            )

    _submit(*owner, publish)
    assert seen == ["PENDING"]


def test_failed_publish_still_leaves_the_job_stored(owner: tuple[int, int]) -> None:
    calls: list[int] = []

    def publish(job_id: int) -> None:
        calls.append(job_id)
        raise ConnectionError("broker is down")

    job = _submit(*owner, publish)
    assert job["published"] is False
    assert calls == [job["id"]]
    stored = get_job_by_id(job["id"])
    assert stored is not None
    assert stored["status"] == "PENDING"
    assert _count_jobs() == 1


@pytest.mark.parametrize(
    ("user_id", "resume_id", "overrides", "error"),
    [
        ("other", "own", {}, NotFound),
        ("own", "missing", {}, NotFound),
        ("own", "own", {"job_description": ""}, InvalidInput),
        ("own", "own", {"job_description": "  \n\t "}, InvalidInput),
        ("own", "own", {"job_description": "x" * 100_001}, InvalidInput),
        ("own", "own", {"title": ""}, InvalidInput),
        (0, "own", {}, InvalidInput),
        (-3, "own", {}, InvalidInput),
        ("abc", "own", {}, InvalidInput),
        ("own", 0, {}, InvalidInput),
        ("own", "abc", {}, InvalidInput),
        (True, "own", {}, InvalidInput),
    ],
)
def test_submit_job_refuses_bad_input_and_publishes_nothing(
    owner: tuple[int, int],
    user_id: Any,
    resume_id: Any,
    overrides: dict[str, str],
    error: type[Exception],
) -> None:
    own_user, own_resume = owner
    other_user = _user()["id"]
    users = {"own": own_user, "other": other_user}
    resumes = {"own": own_resume, "missing": own_resume + 1000}
    published: list[int] = []
    with pytest.raises(error):
        _submit(
            users.get(user_id, user_id),
            resumes.get(resume_id, resume_id),
            published.append,
            **overrides,
        )
    assert published == []
    assert _count_jobs() == 0


def test_description_at_the_limit_is_accepted(owner: tuple[int, int]) -> None:
    published: list[int] = []
    job = _submit(*owner, published.append, job_description="x" * 100_000)
    assert published == [job["id"]]
    assert len(job["job_description"]) == 100_000


def _requests(user_id: int, resume_id: int, count: int) -> list[JobRequest]:
    return [
        JobRequest(user_id, resume_id, f"Job {i}", "Globex", f"Description {i}")
        for i in range(count)
    ]


def test_submit_jobs_stores_a_batch_and_publishes_once(owner: tuple[int, int]) -> None:
    calls: list[list[int]] = []

    def publish_many(job_ids: Sequence[int]) -> None:
        calls.append(list(job_ids))

    job_ids = submit_jobs(_requests(*owner, 500), publish_many)
    assert len(job_ids) == 500
    assert job_ids.published is True
    assert len(set(job_ids)) == 500
    assert calls == [job_ids]
    with get_db_connection() as connection:
        rows = connection.execute(text("SELECT id, title, status FROM jobs ORDER BY id")).all()
    titles = {row.id: row.title for row in rows}
    assert [titles[job_id] for job_id in job_ids] == [f"Job {i}" for i in range(500)]
    assert {row.status for row in rows} == {"PENDING"}
    assert len(rows) == 500


def test_submit_jobs_publish_failure_keeps_the_batch(owner: tuple[int, int]) -> None:
    def publish_many(job_ids: Sequence[int]) -> None:
        raise ConnectionError("broker is down")

    job_ids = submit_jobs(_requests(*owner, 3), publish_many)
    assert len(job_ids) == 3
    assert job_ids.published is False, "the caller is told the sweeper will deliver them"
    assert _count_jobs() == 3


@pytest.mark.parametrize(
    "bad",
    [
        {"job_description": ""},
        {"title": "   "},
        {"user_id": 0},
        {"resume_id": "abc"},
        {"resume_id": "foreign"},
        {"resume_id": "missing"},
    ],
)
def test_one_bad_request_refuses_the_whole_batch(
    owner: tuple[int, int], bad: dict[str, Any]
) -> None:
    user_id, resume_id = owner
    foreign = make_resume(_user()["id"])["id"]
    substitutes = {"foreign": foreign, "missing": resume_id + 1000}
    requests = _requests(user_id, resume_id, 20)
    fields = {k: substitutes.get(v, v) if isinstance(v, str) else v for k, v in bad.items()}
    requests[10] = JobRequest(**{**requests[10].__dict__, **fields})
    calls: list[Sequence[int]] = []
    with pytest.raises(InvalidInput, match="job #11 of the batch"):
        submit_jobs(requests, calls.append)
    assert calls == []
    assert _count_jobs() == 0


def test_submit_jobs_with_an_empty_batch(owner: tuple[int, int]) -> None:
    calls: list[Sequence[int]] = []
    assert submit_jobs([], calls.append) == []
    assert all(list(ids) == [] for ids in calls)
    assert _count_jobs() == 0
