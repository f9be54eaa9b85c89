"""The database cost of one job, counted on the wire so that it cannot quietly regress."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url

from tailor_core.db.session import reset_engine
from tailor_core.domain import Outcome
from tailor_core.jobs.crud import create_job
from tailor_core.jobs.processing import process_job
from tailor_core.jobs.producer import submit_job
from tests.support.engines import echo
from tests.support.factories import make_resume, make_user, posting
from tests.support.proxy import PostgresRoundTrips, TcpProxy, target_of

JOBS = 20
GOAL_PER_JOB = 4


@pytest.fixture
def counted(clean_tables: None) -> Iterator[PostgresRoundTrips]:
    """Point this process's database connections through a counting proxy."""
    real = os.environ["DATABASE_URL"]
    counter = PostgresRoundTrips()
    with TcpProxy(*target_of(real, 5432), watch_client=counter) as proxy:
        url = make_url(real).set(host="127.0.0.1", port=proxy.port)
        url = url.update_query_dict({"sslmode": "disable"})
        os.environ["DATABASE_URL"] = url.render_as_string(hide_password=False)
        reset_engine()
        try:
            yield counter
        finally:
            os.environ["DATABASE_URL"] = real
            reset_engine()


def test_processing_a_job_costs_two_round_trips(counted: PostgresRoundTrips) -> None:
    user = make_user()
    resume = make_resume(user["id"])
    jobs = [
        create_job(user_id=user["id"], resume_id=resume["id"], **posting()) for _ in range(JOBS + 1)
    ]
    # The first job opens the pool's connection; what matters is every job after it.
    assert process_job(jobs.pop()["id"], echo) is Outcome.COMPLETED
    counted.reset()
    for job in jobs:
        assert process_job(job["id"], echo) is Outcome.COMPLETED
    per_job = counted.round_trips / JOBS
    assert per_job <= GOAL_PER_JOB, counted.queries[:10]
    # Claim-and-load in one statement, finish in one, no BEGIN/COMMIT around either.
    assert per_job == 2, [q[:60] for q in counted.queries[:12]]
    assert not any(q.strip().upper() in {"BEGIN", "COMMIT"} for q in counted.queries)


def test_a_duplicate_delivery_costs_two_round_trips_and_changes_nothing(
    counted: PostgresRoundTrips,
) -> None:
    user = make_user()
    resume = make_resume(user["id"])
    job = create_job(user_id=user["id"], resume_id=resume["id"], **posting())
    assert process_job(job["id"], echo) is Outcome.COMPLETED
    counted.reset()
    assert process_job(job["id"], echo) is Outcome.DUPLICATE
    assert counted.round_trips == 2


def test_submitting_a_job_costs_at_most_two_round_trips(counted: PostgresRoundTrips) -> None:
    user = make_user()
    resume = make_resume(user["id"])
    counted.reset()
    for _ in range(JOBS):
        submit_job(user_id=user["id"], resume_id=resume["id"], publish=lambda _: None, **posting())
    assert counted.round_trips / JOBS <= 2, counted.queries[:10]
