"""Who runs next, with real workers: the order of starts is recorded by the database itself.

A trigger logs every claim (a job entering PROCESSING) with a sequence number, so the order is
the one the workers really took, not one inferred from timing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from tailor_core.db.session import get_engine
from tailor_core.jobs.producer import JobRequest, submit_job, submit_jobs
from tailor_worker.publisher import publish_job, publish_jobs
from tests.support.factories import make_resume, make_user, posting
from tests.support.workers import running_workers, wait_until

pytestmark = pytest.mark.e2e

START_LOG = """
CREATE TABLE IF NOT EXISTS test_start_log (seq bigserial PRIMARY KEY, job_id bigint NOT NULL);
CREATE OR REPLACE FUNCTION test_log_start() RETURNS trigger AS $$
BEGIN
  INSERT INTO test_start_log (job_id) VALUES (NEW.id);
  RETURN NEW;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS test_start ON jobs;
CREATE TRIGGER test_start AFTER UPDATE OF status ON jobs FOR EACH ROW
  WHEN (NEW.status = 'PROCESSING') EXECUTE FUNCTION test_log_start();
"""


@pytest.fixture
def start_order(clean_tables: None) -> Iterator[Callable[[], list[int]]]:
    with get_engine().begin() as connection:
        connection.execute(text(START_LOG))
        connection.execute(text("TRUNCATE test_start_log RESTART IDENTITY"))

    def order() -> list[int]:
        with get_engine().connect() as connection:
            return list(
                connection.execute(text("SELECT job_id FROM test_start_log ORDER BY seq")).scalars()
            )

    yield order
    with get_engine().begin() as connection:
        connection.execute(text("DROP TRIGGER IF EXISTS test_start ON jobs"))


def _completed() -> int:
    with get_engine().connect() as connection:
        return int(
            connection.execute(
                text("SELECT count(*) FROM jobs WHERE status = 'COMPLETED'")
            ).scalar_one()
        )


def _requests(user_id: int, resume_id: int, count: int) -> list[JobRequest]:
    return [
        JobRequest(user_id, resume_id, f"Role {n}", "Globex", f"Python job {n}")
        for n in range(count)
    ]


def test_a_second_users_jobs_interleave_with_a_big_backlog(
    start_order: Callable[[], list[int]], worker_env: dict[str, str], tmp_path: Path
) -> None:
    a, b = make_user(), make_user()
    a_resume, b_resume = make_resume(a["id"]), make_resume(b["id"])
    # A queues 300 jobs, then B queues 10, one at a time; all messages are in Redis, A's first.
    a_jobs = submit_jobs(_requests(a["id"], a_resume["id"], 300), publish_jobs, "interactive")
    b_jobs = [
        submit_job(user_id=b["id"], resume_id=b_resume["id"], publish=publish_job, **posting())[
            "id"
        ]
        for _ in range(10)
    ]
    with running_workers(1, worker_env, tmp_path, concurrency=2):
        assert wait_until(lambda: _completed() == 310, timeout=120), "not drained"
    order = start_order()
    assert sorted(order) == sorted(a_jobs + b_jobs), "each job started exactly once"
    positions = [order.index(job) for job in b_jobs]
    # One job per worker slot (2) before B's first; then B's jobs alternate with A's.
    assert positions[0] <= 2, positions
    for n, position in enumerate(positions):
        assert position <= 2 * n + 3, f"B's job #{n + 1} started at {position}: {positions}"


def test_interactive_jobs_start_before_queued_batch_jobs_and_batch_still_progresses(
    start_order: Callable[[], list[int]], worker_env: dict[str, str], tmp_path: Path
) -> None:
    user = make_user()
    resume = make_resume(user["id"])
    batch = submit_jobs(_requests(user["id"], resume["id"], 100), publish_jobs)  # batch: default
    interactive = [
        submit_job(user_id=user["id"], resume_id=resume["id"], publish=publish_job, **posting())[
            "id"
        ]
        for _ in range(40)
    ]
    env = {**worker_env, "TAILOR_BATCH_SHARE": "10"}
    with running_workers(1, env, tmp_path, concurrency=1):
        assert wait_until(lambda: _completed() == 140, timeout=120), "not drained"
    order = start_order()
    assert sorted(order) == sorted(batch + interactive)
    # The first interactive job starts within one job per slot, whatever is queued before it.
    assert order[0] in interactive or order[1] in interactive
    # Interactive work comes first, but every tenth claim is a batch job: no starvation.
    first_forty = order[:40]
    batch_started = [job for job in first_forty if job in batch]
    assert 3 <= len(batch_started) <= 5, first_forty
    last_interactive = max(order.index(job) for job in interactive)
    assert last_interactive < 46, f"interactive work finished at position {last_interactive}"
