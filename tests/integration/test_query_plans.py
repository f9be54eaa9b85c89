"""The queries that run per job or per sweep stay on indexes when the jobs table is large.

The statements are captured while the real code runs (sweeper, processing, `tailor jobs list`
pages), then each is explained with its own parameters: a rewrite of a repository function is
checked without this test knowing its SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, event, text

from tailor_core.db.session import get_engine
from tailor_core.domain import JobPosting, TailoringResult
from tailor_core.jobs.crud import get_all_jobs, get_jobs_by_user_id
from tailor_core.jobs.processing import process_job, process_next
from tailor_core.jobs.producer import submit_job
from tailor_core.recovery.sweeper import sweep
from tailor_core.settings import get_settings
from tests.support.settings import settings_env

JOBS = 20_000
USERS = 50

Captured = list[tuple[str, Any]]


def _noop(resume_text: str, posting: JobPosting) -> TailoringResult:
    return TailoringResult(resume_text, {})


@pytest.fixture(scope="module")
def big_jobs_table(database: str) -> Iterator[None]:
    """20,000 jobs over 50 users, mostly finished, as after weeks of use; removed afterwards."""
    statements = [
        "TRUNCATE jobs, resumes, users RESTART IDENTITY CASCADE",
        "INSERT INTO users (email, password_hash, name)"
        " SELECT 'plan' || n || '@example.com', 'x', 'Plan ' || n FROM generate_series(1, 50) n",
        "INSERT INTO resumes (user_id, file_path, original_filename, content_type, parsed_text)"
        " SELECT id, '/tmp/r.txt', 'r.txt', 'text/plain', 'Python PostgreSQL' FROM users",
        "INSERT INTO jobs (user_id, resume_id, title, company_name, job_description, status,"
        " attempts, created_at, finished_at, started_at, lease_expires_at)"
        " SELECT r.user_id, r.id, 'Engineer', 'Globex', 'Python', s.status, s.attempts,"
        "   now() - (n || ' seconds')::interval, s.finished, s.started, s.lease"
        " FROM generate_series(1, :jobs) n"
        " JOIN resumes r ON r.id = 1 + n % :users"
        " CROSS JOIN LATERAL (SELECT"
        "   CASE WHEN n % 100 = 0 THEN 'PENDING' WHEN n % 100 = 1 THEN 'PROCESSING'"
        "        WHEN n % 100 = 2 THEN 'FAILED' ELSE 'COMPLETED' END AS status,"
        "   CASE WHEN n % 100 = 0 THEN 0 ELSE 1 END AS attempts,"
        "   CASE WHEN n % 100 > 1 THEN now() END AS finished,"
        "   CASE WHEN n % 100 > 0 THEN now() END AS started,"
        "   CASE WHEN n % 100 = 1 THEN now() - interval '1 minute' END AS lease) s",
        "ANALYZE users",
        "ANALYZE resumes",
        "ANALYZE jobs",
    ]
    with get_engine().begin() as connection:
        for statement in statements:
            connection.execute(text(statement), {"jobs": JOBS, "users": USERS})
    yield
    with get_engine().begin() as connection:
        connection.execute(text("TRUNCATE jobs, resumes, users RESTART IDENTITY CASCADE"))


def _captured_while(call: Callable[[], object]) -> Captured:
    captured: Captured = []

    def record(
        _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, many: bool
    ) -> None:
        verb = statement.lstrip().split(None, 1)[0].upper()
        if not many and verb in {"SELECT", "UPDATE", "DELETE", "WITH", "INSERT"}:
            captured.append((statement, parameters))

    event.listen(Engine, "before_cursor_execute", record)
    try:
        call()
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    assert captured, "the call ran no statement to explain"
    return captured


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _jobs_seq_scans(captured: Captured) -> list[str]:
    """Statements whose plan reads the whole jobs table."""
    found = []
    with get_engine().connect() as connection:
        for statement, parameters in captured:
            if statement.lstrip().upper().startswith("INSERT") and "SELECT" not in statement:
                continue
            document = connection.exec_driver_sql(
                "EXPLAIN (FORMAT JSON) " + statement, parameters
            ).scalar_one()
            plan = document[0]["Plan"]
            if any(
                node["Node Type"] == "Seq Scan" and node.get("Relation Name") == "jobs"
                for node in _nodes(plan)
            ):
                found.append(statement)
        connection.rollback()
    return found


def _first_pending_job() -> int:
    with get_engine().connect() as connection:
        return int(
            connection.execute(
                text("SELECT min(id) FROM jobs WHERE status = 'PENDING'")
            ).scalar_one()
        )


@pytest.mark.usefixtures("big_jobs_table")
def test_the_sweeper_reads_pending_and_expired_jobs_through_indexes() -> None:
    published: list[int] = []
    captured = _captured_while(
        lambda: sweep(get_settings(), live_messages=lambda _: (), publish_many=published.extend)
    )
    assert len(captured) >= 2  # the expired-lease updates and the stale-PENDING select
    assert _jobs_seq_scans(captured) == []


@pytest.fixture
def unprepared() -> Iterator[None]:
    """The per-job statements as plain text: the same SQL the worker prepares, now visible to
    the capture (a prepared one arrives as `EXECUTE name (...)`) and explainable on its own."""
    with settings_env(TAILOR_DATABASE_PREPARE="false"):
        yield


@pytest.mark.usefixtures("big_jobs_table", "unprepared")
def test_processing_a_job_reads_it_through_indexes() -> None:
    job_id = _first_pending_job()
    captured = _captured_while(lambda: process_job(job_id, _noop))
    assert _jobs_seq_scans(captured) == []


@pytest.mark.usefixtures("big_jobs_table", "unprepared")
def test_the_fair_claim_reads_the_next_job_through_indexes() -> None:
    job_id = _first_pending_job()
    captured = _captured_while(lambda: process_next(job_id, _noop))
    assert any("SKIP LOCKED" in statement for statement, _ in captured)
    assert _jobs_seq_scans(captured) == []


@pytest.mark.usefixtures("big_jobs_table", "unprepared")
def test_submitting_under_quotas_reads_through_indexes() -> None:
    with settings_env(
        TAILOR_QUOTA_MAX_IN_FLIGHT="100000", TAILOR_QUOTA_SUBMISSIONS_PER_MINUTE="1000"
    ):
        captured = _captured_while(
            lambda: submit_job(
                user_id=7,
                resume_id=7,
                title="Engineer",
                company_name="Globex",
                job_description="Python",
                publish=lambda _id: None,
            )
        )
    assert any("user_quotas" in statement for statement, _ in captured)
    assert _jobs_seq_scans(captured) == []


@pytest.mark.usefixtures("big_jobs_table")
@pytest.mark.parametrize("status", [None, "PENDING", "FAILED", "COMPLETED"])
def test_jobs_list_pages_read_through_indexes(status: str | None) -> None:
    captured = _captured_while(lambda: get_all_jobs(limit=50, offset=0, status=status))
    assert _jobs_seq_scans(captured) == []


@pytest.mark.usefixtures("big_jobs_table")
@pytest.mark.parametrize("status", [None, "PENDING"])
def test_a_users_jobs_page_reads_through_indexes(status: str | None) -> None:
    captured = _captured_while(lambda: get_jobs_by_user_id(7, limit=50, offset=0, status=status))
    assert _jobs_seq_scans(captured) == []
