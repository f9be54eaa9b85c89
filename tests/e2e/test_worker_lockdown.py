"""A worker that a broker message cannot stop or steer, and a Redis that may evict refused.

Real worker processes; the scenarios that change Redis's configuration (a password, an evicting
policy) run on a private `redis-server` on a free port.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import redis

from tailor_core.jobs.crud import create_job
from tailor_core.jobs.producer import submit_job
from tailor_worker.app import app
from tailor_worker.publisher import publish_job
from tailor_worker.redis_transport import DEAD_LETTER_KEY
from tailor_worker.routing import JOBS_QUEUE, PROCESS_JOB
from tailor_worker.worker_process import start_worker
from tests.support.factories import (
    job_status,
    make_owner,
    posting,
)
from tests.support.private_redis import celery_app_on, private_redis
from tests.support.workers import running_workers, wait_until

pytestmark = pytest.mark.e2e


pytestmark = pytest.mark.e2e


def test_undecodable_queue_entries_are_moved_aside_and_the_worker_goes_on(
    clean_tables: None, worker_env: dict[str, str], tmp_path: Path, shared_queue: redis.Redis
) -> None:
    prefix = os.environ["TAILOR_REDIS_KEY_PREFIX"]
    junk = [b"\xff\xfe not json", b"[1, 2, 3]", b'{"body": "x", "properties": 7}', b"null"]
    user_id, resume_id = make_owner()
    with running_workers(1, worker_env, tmp_path) as workers:
        shared_queue.lpush(prefix + JOBS_QUEUE, *junk)
        job = submit_job(user_id=user_id, resume_id=resume_id, publish=publish_job, **posting())
        assert wait_until(lambda: job_status(job["id"]) == "COMPLETED", timeout=60)
        assert workers[0].process.poll() is None, "the worker is still alive"
        log = workers[0].log()
    assert sorted(shared_queue.lrange(prefix + DEAD_LETTER_KEY, 0, -1)) == sorted(junk)
    assert log.count("undecodable entry moved to the list") == len(junk)
    assert "Unrecoverable error" not in log


def test_a_message_runs_only_tailor_tasks_and_cannot_stop_the_worker(
    clean_tables: None, worker_env: dict[str, str], tmp_path: Path
) -> None:
    user_id, resume_id = make_owner()
    target = create_job(user_id=user_id, resume_id=resume_id, **posting())
    with running_workers(1, worker_env, tmp_path) as workers:
        destination = [f"{workers[0].name}@{socket.gethostname()}"]
        # celery.starmap would run any task with any arguments: here, process the target job.
        starmap_of = {"task": PROCESS_JOB, "args": [], "kwargs": {}, "options": {}}
        app.send_task("celery.starmap", args=[starmap_of, [[target["id"]]]])
        app.send_task("celery.chord_unlock", args=["x", []])
        for command in ("shutdown", "pool_restart", "autoscale", "pool_shrink"):
            app.control.broadcast(command, destination=destination)
        app.control.cancel_consumer(JOBS_QUEUE, destination=destination)
        app.control.time_limit(PROCESS_JOB, soft=0.001, hard=0.002, destination=destination)
        replies = app.control.inspect(destination=destination, timeout=5).ping()
        assert replies, "inspection still answers (Flower and `celery inspect` need it)"
        # One doorbell: it runs one job, the next in fair order (the target, made first).
        normal = submit_job(user_id=user_id, resume_id=resume_id, publish=publish_job, **posting())
        jobs = (target["id"], normal["id"])
        assert wait_until(lambda: "COMPLETED" in {job_status(job) for job in jobs}, timeout=60)
        assert workers[0].process.poll() is None, "the worker is still alive"
        log = workers[0].log()
    assert "unregistered task of type 'celery.starmap'" in log
    # Had the starmap message run its task, it would have rung a second time: two jobs run.
    assert sorted(job_status(job) for job in jobs) == ["COMPLETED", "PENDING"], (
        "nothing ran from the starmap message"
    )
    assert "Got shutdown from remote" not in log


def test_a_worker_on_a_redis_with_a_password(
    clean_tables: None, worker_env: dict[str, str], tmp_path: Path
) -> None:
    with private_redis(tmp_path, password="s3cret-for-tests") as url:
        anonymous = redis.Redis.from_url(url.replace(":s3cret-for-tests@", ""))
        with pytest.raises(redis.AuthenticationError):
            anonymous.lpush(JOBS_QUEUE, b"{}")
        env = {**worker_env, "REDIS_URL": url}
        user_id, resume_id = make_owner()
        with running_workers(1, env, tmp_path) as workers:
            other = celery_app_on(url)
            job = submit_job(
                user_id=user_id,
                resume_id=resume_id,
                publish=lambda job_id: other.send_task(PROCESS_JOB, args=[job_id]),
                **posting(),
            )
            assert job["published"] is True
            assert wait_until(lambda: job_status(job["id"]) == "COMPLETED", timeout=60)
            log = workers[0].log()
    assert "s3cret-for-tests" not in log, "the password is never logged"


def test_a_redis_that_can_evict_is_refused_unless_told_to_warn(
    worker_env: dict[str, str], tmp_path: Path
) -> None:
    with private_redis(tmp_path, "--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru") as url:
        env = {**worker_env, "REDIS_URL": url}
        log_path = tmp_path / "refused.log"
        process = start_worker("refused", env, log_path=log_path)
        assert process.wait(timeout=60) == 78
        log = log_path.read_text()
        assert "maxmemory-policy allkeys-lru" in log
        assert "Traceback" not in log
        warned = {**env, "TAILOR_REDIS_EVICTION": "warn"}
        with running_workers(1, warned, tmp_path) as workers:
            assert "maxmemory-policy allkeys-lru" in workers[0].log()


def test_the_api_refuses_a_redis_that_can_evict(tmp_path: Path) -> None:
    with private_redis(tmp_path, "--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru") as url:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
        command = [sys.executable, "-c", "from tailor_api.app import create_app; create_app()"]
        refused = subprocess.run(
            command, env={**env, "REDIS_URL": url}, capture_output=True, text=True, timeout=60
        )
        assert refused.returncode != 0
        assert "maxmemory-policy allkeys-lru" in refused.stderr
        warned = subprocess.run(
            command,
            env={**env, "REDIS_URL": url, "TAILOR_REDIS_EVICTION": "warn"},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert warned.returncode == 0, warned.stderr
