"""Kill things on purpose: every job still ends exactly once, with nothing lost.

Run `pytest tests/e2e/test_chaos.py -s` to see the figures (docs/RELIABILITY.md records them).
"""

from __future__ import annotations

import os
import re
import signal
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import redis

from tailor_core.jobs.producer import JobRequest, submit_jobs
from tailor_worker.publisher import publish_jobs
from tests.support.factories import make_resume, make_user, status_counts
from tests.support.proxy import TcpProxy, database_url_via, redis_url_via, target_of
from tests.support.workers import (
    Worker,
    pool_children,
    running_beat,
    running_workers,
    wait_until,
)

pytestmark = pytest.mark.e2e

JOBS = 100
FinishLog = Callable[[], list[tuple[int, str]]]


def _submit(count: int = JOBS, title: str = "Backend Engineer") -> list[int]:
    user = make_user()
    resume = make_resume(user["id"])
    requests = [
        JobRequest(user["id"], resume["id"], f"{title} {n}", "Globex", "Python and PostgreSQL")
        for n in range(count)
    ]
    return submit_jobs(requests, publish_jobs)


def _assert_each_completed_exactly_once(job_ids: list[int], finish_log: FinishLog) -> int:
    entries = finish_log()
    per_job = Counter(job_id for job_id, _ in entries)
    assert sorted(per_job) == sorted(job_ids), "every job reached a final status"
    assert {status for _, status in entries} == {"COMPLETED"}
    duplicates = sum(count - 1 for count in per_job.values())
    assert duplicates == 0, f"{duplicates} job(s) finished more than once"
    return duplicates


def _wait_for_all(timeout: float) -> bool:
    return wait_until(lambda: status_counts()["COMPLETED"] == JOBS, timeout=timeout, interval=0.25)


Breaker = Callable[[list[Worker]], dict[str, object]]
_LOST_MESSAGES = re.compile(r"re-published \d+ job\(s\): \d+ from lost workers, (\d+) lost")


def _break_mid_run(
    env: dict[str, str], log_dir: Path, finish_log: FinishLog, workers: int, breaker: Breaker
) -> dict[str, object]:
    """Submit JOBS, break something once a fifth are done, and prove every job ends once.

    Returns the breaker's figures plus the seconds from the moment it returned (the thing is
    back, or the kill is done) until the last job completed.
    """
    with (
        running_workers(workers, env, log_dir, concurrency=2) as running,
        running_beat(env, log_dir),
    ):
        job_ids = _submit()
        assert wait_until(lambda: status_counts()["COMPLETED"] >= JOBS // 5, timeout=60)
        figures = breaker(running)
        broken_until = time.monotonic()
        assert _wait_for_all(timeout=120), f"not drained: {status_counts()}" + "".join(
            f"\n--- {w.name}:\n{w.log()[-3000:]}" for w in running
        )
        figures["seconds_to_drain_after"] = round(time.monotonic() - broken_until, 1)
        figures["task_retries"] = sum(w.log().count("; retrying") for w in running)
        figures["republished_as_lost"] = sum(
            int(found) for w in running for found in _LOST_MESSAGES.findall(w.log())
        )
    figures["duplicates"] = _assert_each_completed_exactly_once(job_ids, finish_log)
    return {"submitted": JOBS, "completed": JOBS, **figures}


def test_sigkill_of_a_whole_worker_loses_nothing(
    finish_log: FinishLog,
    chaos_env: dict[str, str],
    tmp_path: Path,
    record_figures: Callable[..., None],
) -> None:
    def kill_worker(workers: list[Worker]) -> dict[str, object]:
        os.killpg(workers[0].process.pid, signal.SIGKILL)
        return {
            "killed": "worker process group (SIGKILL)",
            "processing_when_killed": status_counts()["PROCESSING"],
        }

    record_figures(**_break_mid_run(chaos_env, tmp_path, finish_log, 2, kill_worker))


def test_sigkill_of_one_pool_child_loses_nothing(
    finish_log: FinishLog,
    chaos_env: dict[str, str],
    tmp_path: Path,
    record_figures: Callable[..., None],
) -> None:
    def kill_child(workers: list[Worker]) -> dict[str, object]:
        children = pool_children(workers[0].process.pid)
        assert children, "a prefork worker has pool children"
        os.kill(children[0], signal.SIGKILL)
        return {"killed": "one pool child (SIGKILL)"}

    record_figures(**_break_mid_run(chaos_env, tmp_path, finish_log, 1, kill_child))


def test_redis_outage_that_loses_the_queue_loses_no_job(
    finish_log: FinishLog,
    chaos_env: dict[str, str],
    tmp_path: Path,
    record_figures: Callable[..., None],
) -> None:
    redis_url = os.environ["REDIS_URL"]

    def restart_redis_without_persistence(_: list[Worker]) -> dict[str, object]:
        proxy.block()
        client = redis.Redis.from_url(redis_url)
        prefix = os.environ["TAILOR_REDIS_KEY_PREFIX"]
        lost = client.llen(f"{prefix}tailor")
        client.delete(f"{prefix}tailor", f"{prefix}unacked", f"{prefix}unacked_index")
        client.close()
        time.sleep(3)
        proxy.unblock()
        return {"outage": "Redis down 3 s, queue deleted", "messages_lost": lost}

    with TcpProxy(*target_of(redis_url, 6379)) as proxy:
        env = {**chaos_env, "REDIS_URL": redis_url_via(redis_url, proxy)}
        figures = _break_mid_run(env, tmp_path, finish_log, 2, restart_redis_without_persistence)
    record_figures(**figures)


def test_postgresql_outage_is_retried_and_every_job_completes(
    finish_log: FinishLog,
    chaos_env: dict[str, str],
    tmp_path: Path,
    record_figures: Callable[..., None],
) -> None:
    database_url = os.environ["DATABASE_URL"]

    def refuse_connections(_: list[Worker]) -> dict[str, object]:
        proxy.block()
        time.sleep(3)
        proxy.unblock()
        return {"outage": "PostgreSQL refuses connections for 3 s"}

    with TcpProxy(*target_of(database_url, 5432)) as proxy:
        env = {**chaos_env, "DATABASE_URL": database_url_via(database_url, proxy)}
        figures = _break_mid_run(env, tmp_path, finish_log, 2, refuse_connections)
    assert figures["task_retries"], "the outage was seen, and retried"
    # The retries wait in their workers (countdown): none of their messages was lost.
    assert figures["republished_as_lost"] == 0
    record_figures(**figures)
