"""A worker that survives Redis's limits and its own death: an out-of-memory Redis, a killed
worker behind a long backlog, a worker that stops consuming.

Real worker processes; the scenarios that change Redis's configuration (a memory limit) run on a
private `redis-server` on a free port.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
import redis
from celery import Celery
from sqlalchemy import text

from tailor_core.db.session import get_engine
from tailor_core.jobs.crud import get_job_by_id
from tailor_core.jobs.producer import JobRequest, submit_job, submit_jobs
from tailor_worker.app import app
from tailor_worker.publisher import publish_job, publish_jobs
from tailor_worker.routing import JOBS_QUEUE, PROCESS_JOB
from tailor_worker.worker_process import start_worker
from tests.support.factories import (
    job_status,
    make_owner,
    posting,
    status_counts,
)
from tests.support.private_redis import celery_app_on, private_redis
from tests.support.workers import running_workers, wait_until

pytestmark = pytest.mark.e2e

FinishLog = Callable[[], list[tuple[int, str]]]


pytestmark = pytest.mark.e2e


def _requests(count: int) -> list[JobRequest]:
    user_id, resume_id = make_owner()
    return [
        JobRequest(user_id, resume_id, f"Engineer {n}", "Globex", "Python and PostgreSQL")
        for n in range(count)
    ]


def _publish_many_on(other: Celery) -> Callable[[Sequence[int]], None]:
    def publish_many(job_ids: Sequence[int]) -> None:
        with other.producer_or_acquire() as producer, producer.batch(max_size=1000):
            for job_id in job_ids:
                other.send_task(PROCESS_JOB, args=[job_id], producer=producer, retry=False)

    return publish_many


def test_redis_out_of_memory_keeps_workers_up_and_loses_no_job(
    clean_tables: None,
    finish_log: FinishLog,
    chaos_env: dict[str, str],
    tmp_path: Path,
    record_figures: Callable[..., None],
) -> None:
    jobs = 300
    with private_redis(tmp_path, "--maxmemory-policy", "noeviction") as url:
        admin = redis.Redis.from_url(url)
        env = {**chaos_env, "REDIS_URL": url, "TAILOR_TEST_ENGINE_DELAY": "0.02"}
        with running_workers(2, env, tmp_path, concurrency=2) as workers:
            # Room for a few dozen messages beyond what the workers already use.
            used = int(admin.info("memory")["used_memory"])
            admin.config_set("maxmemory", used + 64 * 1024)
            job_ids = submit_jobs(_requests(jobs), _publish_many_on(celery_app_on(url)))
            assert job_ids.published is False, "the caller is told some messages were refused"
            # The outage itself lasts 5 s on the clock (the figure below reports it): this is the
            # scenario, not a wait for something to happen; the workers are checked every 0.5 s.
            full_until = time.monotonic() + 5
            while time.monotonic() < full_until:
                assert all(w.process.poll() is None for w in workers), "no worker died"
                time.sleep(0.5)
            completed_while_full = status_counts()["COMPLETED"]
            admin.config_set("maxmemory", 0)
            freed_at = time.monotonic()
            assert wait_until(lambda: status_counts()["COMPLETED"] == jobs, timeout=120), (
                status_counts()
            )
            drained_after = time.monotonic() - freed_at
            assert all(w.process.poll() is None for w in workers), "no worker died"
            logs = "".join(w.log() for w in workers)
    entries = finish_log()
    assert sorted(job_id for job_id, _ in entries) == sorted(job_ids), "each job finished once"
    assert "Unrecoverable error" not in logs
    record_figures(
        submitted=jobs,
        outage="Redis at maxmemory (noeviction) for 5 s",
        completed_while_full=completed_while_full,
        completed=jobs,
        duplicates=0,
        seconds_to_drain_after=round(drained_after, 1),
    )


def test_a_killed_worker_is_recovered_within_its_bound_behind_a_long_backlog(
    clean_tables: None,
    chaos_env: dict[str, str],
    tmp_path: Path,
    shared_queue: redis.Redis,
    record_figures: Callable[..., None],
) -> None:
    backlog = 1200
    lease = int(chaos_env["TAILOR_LEASE_SECONDS"])
    interval = int(chaos_env["TAILOR_SWEEP_INTERVAL"])
    slow = {**chaos_env, "TAILOR_TEST_ENGINE_DELAY": "60"}
    busy = {**chaos_env, "TAILOR_TEST_ENGINE_DELAY": "0.05"}
    victim = start_worker("victim", slow, log_path=tmp_path / "victim.log")
    try:
        with running_workers(1, busy, tmp_path):
            submit_jobs(_requests(backlog), publish_jobs)
            query = text(
                "SELECT id FROM jobs WHERE status = 'PROCESSING' "
                "AND started_at < now() - interval '1 second'"
            )

            def victims_job() -> int | None:
                with get_engine().connect() as connection:
                    return connection.execute(query).scalar()

            assert wait_until(lambda: victims_job() is not None, timeout=60)
            held = victims_job()
            assert held is not None
            os.killpg(victim.pid, signal.SIGKILL)
            killed_at = time.monotonic()
            victim.wait()
            prefix = os.environ["TAILOR_REDIS_KEY_PREFIX"]
            waiting = int(shared_queue.llen(prefix + JOBS_QUEUE))

            def requeued() -> bool:
                job = get_job_by_id(held)
                assert job is not None
                return job["status"] != "PROCESSING" or int(job["attempts"]) > 1

            assert wait_until(requeued, timeout=60, interval=0.05)
            seconds = time.monotonic() - killed_at
    finally:
        if victim.poll() is None:
            os.killpg(victim.pid, signal.SIGKILL)
            victim.wait()
    assert waiting >= 900, "the backlog was still queued when the worker died"
    # The bound is lease + interval; a second of slack for two shared cores.
    assert seconds <= lease + interval + 1, f"re-queued after {seconds:.1f} s"
    record_figures(
        backlog=waiting,
        killed="worker running a job (SIGKILL), one other worker busy",
        bound_seconds=lease + interval,
        seconds_to_requeue=round(seconds, 2),
    )


def test_the_health_check_sees_a_worker_that_stopped_consuming(
    clean_tables: None, worker_env: dict[str, str], tmp_path: Path, shared_queue: redis.Redis
) -> None:
    health_file = tmp_path / "health.json"
    env = {
        **worker_env,
        "TAILOR_REMOTE_CONTROL": "full",
        "TAILOR_WORKER_HEALTH_FILE": str(health_file),
    }

    def health() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "tailor_worker.health", "--stuck-after", "3"],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )

    user_id, resume_id = make_owner()
    with running_workers(1, env, tmp_path) as workers:
        assert wait_until(health_file.exists, timeout=30)
        assert health().returncode == 0
        destination = [f"{workers[0].name}@{socket.gethostname()}"]
        # What a lost consumer after a Redis reconnect looks like: alive, answering, not reading.
        app.control.cancel_consumer(JOBS_QUEUE, destination=destination, reply=True)
        job = submit_job(user_id=user_id, resume_id=resume_id, publish=publish_job, **posting())
        assert wait_until(lambda: health().returncode == 1, timeout=60)
        assert "stopped consuming" in health().stdout
        assert app.control.inspect(destination=destination, timeout=5).ping(), "ping still says ok"
        app.control.add_consumer(JOBS_QUEUE, destination=destination, reply=True)
        assert wait_until(lambda: job_status(job["id"]) == "COMPLETED", timeout=60)
        assert wait_until(lambda: health().returncode == 0, timeout=60)
