"""Producer -> Redis -> real worker processes -> PostgreSQL, end to end."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import text

from tailor_core.db.session import get_engine
from tailor_core.jobs.crud import get_job_by_id
from tailor_core.jobs.producer import JobRequest, submit_job, submit_jobs
from tailor_worker.app import app
from tailor_worker.publisher import publish_job, publish_jobs
from tests.support.factories import job_status, make_resume, make_user, posting
from tests.support.workers import running_workers, wait_until

pytestmark = pytest.mark.e2e

FINISHED_LINE = re.compile(r"job (\d+): (completed|failed|duplicate|missing|superseded)")


def _status_counts() -> Counter[str]:
    with get_engine().connect() as connection:
        rows = connection.execute(text("SELECT status, count(*) FROM jobs GROUP BY status"))
        return Counter({status: count for status, count in rows})  # noqa: C416


def test_two_workers_drain_200_jobs_each_exactly_once(
    clean_tables: None, worker_env: dict[str, str], tmp_path: Path
) -> None:
    user = make_user()
    resume = make_resume(user["id"])
    requests = [
        JobRequest(user["id"], resume["id"], f"Role {n}", "Globex", f"Python job number {n}")
        for n in range(200)
    ]
    with running_workers(2, worker_env, tmp_path, concurrency=2) as workers:
        job_ids = submit_jobs(requests, publish_jobs)
        drained = wait_until(lambda: _status_counts()["COMPLETED"] == 200, timeout=120)
        logs = [worker.log() for worker in workers]
    assert drained, f"not drained: {_status_counts()}"
    with get_engine().connect() as connection:
        attempts = connection.execute(
            text("SELECT attempts, count(*) FROM jobs GROUP BY attempts")
        ).all()
        unfinished = connection.execute(
            text(
                "SELECT count(*) FROM jobs WHERE finished_at IS NULL OR tailored_resume_text "
                "IS NULL"
            )
        ).scalar_one()
    assert attempts == [(1, 200)], "every job must be claimed exactly once"
    assert unfinished == 0
    finished = [
        int(m.group(1))
        for log in logs
        for m in FINISHED_LINE.finditer(log)
        if m.group(2) == "completed"
    ]
    assert sorted(finished) == sorted(job_ids), "each job completed once, by one worker"
    assert all(FINISHED_LINE.search(log) for log in logs), "both workers took part"


def test_failing_engine_fails_that_job_and_the_worker_goes_on(
    clean_tables: None, worker_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**worker_env, "TAILOR_ENGINE": "tests.support.engines:fails_when_asked"}
    user = make_user()
    resume = make_resume(user["id"])
    with running_workers(1, env, tmp_path):
        bad = submit_job(
            user_id=user["id"],
            resume_id=resume["id"],
            publish=publish_job,
            **posting(title="EXPLODE please"),
        )
        good = submit_job(
            user_id=user["id"], resume_id=resume["id"], publish=publish_job, **posting()
        )
        assert wait_until(
            lambda: (get_job_by_id(good["id"]) or {})["status"] == "COMPLETED", timeout=60
        )
    failed = get_job_by_id(bad["id"])
    assert failed is not None
    assert failed["status"] == "FAILED"
    assert "engine exploded on purpose" in (failed["error"] or "")
    assert failed["finished_at"] is not None


def _runs_dir(tmp_path: Path) -> Path:
    runs = tmp_path / "engine-runs"
    runs.mkdir()
    return runs


def test_a_transient_error_retries_with_backoff_holding_its_claim(
    clean_tables: None, worker_env: dict[str, str], tmp_path: Path
) -> None:
    """Through a real worker: two transient failures after the claim, retried 2 s then 4 s
    later by the declared policy, each retry taking the same claim back; then one finish."""
    env = {
        **worker_env,
        "TAILOR_ENGINE": "tests.support.engines:flaky",
        "TAILOR_TEST_FLAKY_DIR": str(_runs_dir(tmp_path)),
    }
    user = make_user()
    resume = make_resume(user["id"])
    with running_workers(1, env, tmp_path) as (worker,):
        job = submit_job(
            user_id=user["id"], resume_id=resume["id"], publish=publish_job, **posting()
        )
        assert wait_until(lambda: job_status(job["id"]) == "COMPLETED", timeout=60), worker.log()
        finished = f"job {job['id']}: completed"
        assert wait_until(lambda: finished in worker.log(), timeout=10), worker.log()
        log = worker.log()
    done = get_job_by_id(job["id"])
    assert done is not None
    # Each retry re-claims with the attempt it held (fenced), so no one else could take it.
    assert done["attempts"] == 3
    assert done["error"] is None
    assert re.findall(r"retry: Retry in (\d+)s", log) == ["2", "4"]
    assert log.count(f"job {job['id']}: the model is unreachable") == 2
    assert log.count("; retrying") == 2
    assert len(FINISHED_LINE.findall(log)) == 1, "finished once"


def test_a_transient_error_to_the_last_retry_fails_the_job_it_holds(
    clean_tables: None, worker_env: dict[str, str], tmp_path: Path
) -> None:
    env = {
        **worker_env,
        "TAILOR_ENGINE": "tests.support.engines:flaky",
        "TAILOR_TEST_FLAKY_DIR": str(_runs_dir(tmp_path)),
        "TAILOR_TEST_FLAKY_TIMES": "always",
        "TAILOR_MAX_RETRIES": "1",
    }
    user = make_user()
    resume = make_resume(user["id"])
    with running_workers(1, env, tmp_path) as (worker,):
        job = submit_job(
            user_id=user["id"], resume_id=resume["id"], publish=publish_job, **posting()
        )
        assert wait_until(lambda: job_status(job["id"]) == "FAILED", timeout=60), worker.log()
        log = worker.log()
    failed = get_job_by_id(job["id"])
    assert failed is not None
    assert failed["error"] == "gave up after 1 retries: the model is unreachable (run 2)"
    assert failed["attempts"] == 2
    assert log.count("; retrying") == 1
    assert "Traceback" not in log, "an expected end, logged on one line"


def test_malformed_and_unknown_job_ids_are_refused_without_harm(
    clean_tables: None, worker_env: dict[str, str], tmp_path: Path
) -> None:
    user = make_user()
    resume = make_resume(user["id"])
    with running_workers(1, worker_env, tmp_path) as workers:
        app.send_task("tailor.process_job", args=["not-a-number"])
        app.send_task("tailor.process_job", args=[987654321])
        job = submit_job(
            user_id=user["id"], resume_id=resume["id"], publish=publish_job, **posting()
        )
        assert wait_until(
            lambda: (get_job_by_id(job["id"]) or {})["status"] == "COMPLETED", timeout=60
        )
        log = workers[0].log()
    assert "refused tailor.process_job message with job id 'not-a-number'" in log
    assert "job 987654321: missing" in log
