"""Fixtures for tests that break things on purpose."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from sqlalchemy import text

from tailor_core.db.session import get_engine
from tailor_worker.redis_transport import DEAD_LETTER_KEY
from tailor_worker.routing import JOBS_QUEUE, SIDE_QUEUE

# Every transition to a final status, counted by the database itself: a second effect for the
# same job could not hide from it.
FINISH_LOG = """
CREATE TABLE IF NOT EXISTS test_finish_log (job_id bigint NOT NULL, status text NOT NULL);
CREATE OR REPLACE FUNCTION test_log_finish() RETURNS trigger AS $$
BEGIN
  INSERT INTO test_finish_log (job_id, status) VALUES (NEW.id, NEW.status);
  RETURN NEW;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS test_finish ON jobs;
CREATE TRIGGER test_finish AFTER UPDATE OF status ON jobs FOR EACH ROW
  WHEN (NEW.status IN ('COMPLETED', 'FAILED', 'CANCELLED')) EXECUTE FUNCTION test_log_finish();
"""


@pytest.fixture
def finish_log(clean_tables: None) -> Iterator[Callable[[], list[tuple[int, str]]]]:
    with get_engine().begin() as connection:
        connection.execute(text(FINISH_LOG))
        connection.execute(text("TRUNCATE test_finish_log"))

    def entries() -> list[tuple[int, str]]:
        with get_engine().connect() as connection:
            rows = connection.execute(text("SELECT job_id, status FROM test_finish_log"))
            return [(job_id, status) for job_id, status in rows]

    yield entries
    with get_engine().begin() as connection:
        connection.execute(text("DROP TRIGGER IF EXISTS test_finish ON jobs"))


@pytest.fixture
def chaos_env(worker_env: dict[str, str]) -> dict[str, str]:
    """Short leases and sweeps so that recovery happens within seconds, not minutes."""
    return {
        **worker_env,
        "TAILOR_ENGINE": "tests.support.engines:slow",
        "TAILOR_TEST_ENGINE_DELAY": "0.2",
        "TAILOR_LEASE_SECONDS": "2",
        "TAILOR_SWEEP_INTERVAL": "1",
        "TAILOR_REPUBLISH_AFTER": "2",
        "TAILOR_MAX_ATTEMPTS": "5",
    }


@pytest.fixture
def record_figures(request: pytest.FixtureRequest) -> Callable[..., None]:
    """Print a test's reliability figures; with TAILOR_RELIABILITY_REPORT=FILE, append them."""

    def record(**figures: object) -> None:
        line = json.dumps({"test": request.node.name, **figures}, sort_keys=True)
        print(f"RELIABILITY {line}")
        if target := os.environ.get("TAILOR_RELIABILITY_REPORT"):
            with Path(target).open("a") as report:
                report.write(line + "\n")

    return record


@pytest.fixture
def shared_queue() -> Iterator[redis.Redis]:
    """A client on this run's Redis; the queue and kombu's records are emptied afterwards."""
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    yield client
    prefix = os.environ["TAILOR_REDIS_KEY_PREFIX"]
    keys = [JOBS_QUEUE, SIDE_QUEUE, "unacked", "unacked_index", DEAD_LETTER_KEY]
    keys += ["tailor.sweep-lock", "tailor.held"]
    client.delete(*(prefix + key for key in keys))
    client.close()
