"""The per-job statements are prepared once per connection, and survive the server forgetting
them; with TAILOR_DATABASE_PREPARE=false the same SQL runs as plain text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text

from tailor_core.db.models import Job
from tailor_core.db.session import reset_engine, single_statements, unit_of_work
from tailor_core.domain import Outcome
from tailor_core.jobs.crud import create_job, get_job_by_id
from tailor_core.jobs.processing import process_job
from tailor_core.jobs.producer import submit_job
from tailor_core.records import JOB_COLUMNS
from tailor_core.repositories.claims import claim_with_context
from tailor_core.repositories.submissions import SUBMIT
from tests.support.engines import echo
from tests.support.factories import make_resume, make_user, posting
from tests.support.settings import settings_env


def _prepared_names() -> set[str]:
    # The pool hands back the connection the jobs just used (one connection, used in turn).
    with single_statements() as connection:
        return set(connection.execute(text("SELECT name FROM pg_prepared_statements")).scalars())


def _jobs(count: int) -> list[int]:
    user = make_user()
    resume = make_resume(user["id"])
    return [
        create_job(user_id=user["id"], resume_id=resume["id"], **posting())["id"]
        for _ in range(count)
    ]


@pytest.fixture
def fresh_pool(clean_tables: None) -> Iterator[None]:
    reset_engine()
    yield
    reset_engine()


@pytest.mark.usefixtures("fresh_pool")
def test_claim_and_finish_are_prepared_once_and_give_the_same_results() -> None:
    first, second = _jobs(2)
    assert process_job(first, echo) is Outcome.COMPLETED
    assert _prepared_names() >= {"tailor_claim_v3", "tailor_finish_v3"}
    assert process_job(second, echo) is Outcome.COMPLETED  # EXECUTE only, no second PREPARE
    job = get_job_by_id(second)
    assert job is not None
    assert job["status"] == "COMPLETED"
    assert job["attempts"] == 1
    assert job["tailored_resume_text"]
    assert job["report"] == {"engine": "echo", "title": "Data Engineer"}
    assert process_job(second, echo) is Outcome.DUPLICATE, "the fence holds when prepared"


@pytest.mark.usefixtures("fresh_pool")
def test_a_connection_that_forgot_its_statements_prepares_them_again() -> None:
    first, second = _jobs(2)
    assert process_job(first, echo) is Outcome.COMPLETED
    with single_statements() as connection:
        # What a pooler's DISCARD ALL, or an administrator, would do behind our back.
        connection.execute(text("DEALLOCATE ALL"))
    assert process_job(second, echo) is Outcome.COMPLETED
    assert "tailor_finish_v3" in _prepared_names()


@pytest.mark.usefixtures("fresh_pool")
def test_unprepared_mode_runs_the_same_statements_as_plain_text() -> None:
    with settings_env(TAILOR_DATABASE_PREPARE="false"):
        (job_id,) = _jobs(1)
        assert process_job(job_id, echo) is Outcome.COMPLETED
        assert not {name for name in _prepared_names() if name.startswith("tailor_")}
        assert (get_job_by_id(job_id) or {})["status"] == "COMPLETED"


@pytest.mark.usefixtures("fresh_pool")
def test_submit_job_is_prepared_and_returns_the_whole_job() -> None:
    user = make_user()
    resume = make_resume(user["id"])
    published: list[int] = []
    job = submit_job(
        user_id=user["id"], resume_id=resume["id"], publish=published.append, **posting()
    )
    assert "tailor_submit_v5" in _prepared_names()
    stored = get_job_by_id(job["id"])
    assert stored is not None
    assert published == [job["id"]]
    assert {key: job[key] for key in stored} == stored
    assert job["status"] == "PENDING"
    assert job["attempts"] == 0


def test_the_submit_statement_returns_every_column_of_the_record() -> None:
    # The job it returns is a JobRecord: its columns are the record's fields, each one a
    # column of the model (the list is written once, in tailor_core/records.py).
    returned = SUBMIT.sql.split("RETURNING", 1)[1]
    assert [name.strip().removeprefix("jobs.") for name in returned.split(",")] == list(JOB_COLUMNS)
    assert set(JOB_COLUMNS) <= set(Job.__table__.columns.keys())


@pytest.mark.usefixtures("fresh_pool")
def test_only_the_claim_commits_asynchronously() -> None:
    (job_id,) = _jobs(1)
    with single_statements() as connection:
        default = connection.execute(text("SHOW synchronous_commit")).scalar_one()
    assert process_job(job_id, echo) is Outcome.COMPLETED
    # SET LOCAL semantics: the claim's own transaction, not the connection's later statements
    # (the finish must wait for its commit to be durable).
    with single_statements() as connection:
        assert connection.execute(text("SHOW synchronous_commit")).scalar_one() == default


@pytest.mark.usefixtures("fresh_pool")
def test_the_claim_commits_its_own_transaction_asynchronously() -> None:
    (job_id,) = _jobs(1)
    with unit_of_work() as session:
        assert claim_with_context(session, job_id) is not None
        assert session.execute(text("SHOW synchronous_commit")).scalar_one() == "off"
