"""Broker down at submit time, poison jobs, hostile messages, and a polite shutdown."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from celery import Celery
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tailor_core.jobs.crud import create_job, get_job_by_id
from tailor_core.jobs.producer import submit_job
from tailor_worker.app import app
from tailor_worker.publisher import publish_job
from tailor_worker.routing import PROCESS_JOB
from tests.support.factories import job_status, make_owner, posting
from tests.support.proxy import TcpProxy, redis_url_via, target_of
from tests.support.workers import running_beat, running_workers, wait_until

pytestmark = pytest.mark.e2e


def _publisher_through(proxy: TcpProxy) -> Celery:
    """A producer-side app whose broker is reached through `proxy` only."""
    producer_app = Celery("producer", set_as_current=False)
    producer_app.config_from_object(app.conf)
    producer_app.conf.update(
        broker_url=redis_url_via(os.environ["REDIS_URL"], proxy),
        broker_connection_timeout=1,
        broker_connection_retry=False,
        broker_connection_max_retries=0,
    )
    return producer_app


def test_submit_with_the_broker_down_succeeds_and_the_sweeper_delivers(
    clean_tables: None,
    chaos_env: dict[str, str],
    tmp_path: Path,
    record_figures: Callable[..., None],
) -> None:
    user_id, resume_id = make_owner()
    with TcpProxy(*target_of(os.environ["REDIS_URL"], 6379)) as proxy:
        proxy.block()
        producer_app = _publisher_through(proxy)

        def publish(job_id: int) -> None:
            producer_app.send_task(PROCESS_JOB, args=[job_id], retry=False)

        job = submit_job(user_id=user_id, resume_id=resume_id, publish=publish, **posting())
    assert job["published"] is False
    assert job_status(job["id"]) == "PENDING", "the row is committed even though the bell failed"
    with running_workers(1, chaos_env, tmp_path), running_beat(chaos_env, tmp_path):
        back_at = time.monotonic()
        assert wait_until(lambda: job_status(job["id"]) == "COMPLETED", timeout=60)
        delivered_after = time.monotonic() - back_at
    assert delivered_after < 60
    record_figures(
        submitted=1,
        outage="broker down at submit",
        completed=1,
        seconds_to_complete_after_broker_back=round(delivered_after, 1),
    )


def test_a_poison_job_fails_after_the_attempt_limit_and_blocks_nothing(
    clean_tables: None,
    chaos_env: dict[str, str],
    tmp_path: Path,
    record_figures: Callable[..., None],
) -> None:
    env = {
        **chaos_env,
        "TAILOR_ENGINE": "tests.support.engines:poison",
        "TAILOR_MAX_ATTEMPTS": "2",
        "TAILOR_TEST_ENGINE_DELAY": "0.05",
    }
    user_id, resume_id = make_owner()
    started = time.monotonic()
    with running_workers(1, env, tmp_path, concurrency=2), running_beat(env, tmp_path):
        poison = submit_job(
            user_id=user_id,
            resume_id=resume_id,
            publish=publish_job,
            **posting(title="POISON pill"),
        )
        healthy = [
            submit_job(user_id=user_id, resume_id=resume_id, publish=publish_job, **posting())
            for _ in range(10)
        ]
        assert wait_until(lambda: all(job_status(j["id"]) == "COMPLETED" for j in healthy), 60)
        assert wait_until(lambda: job_status(poison["id"]) == "FAILED", timeout=60)
    final = get_job_by_id(poison["id"])
    assert final is not None
    assert final["attempts"] == 2
    assert str(final["error"]).startswith("gave up after 2 attempts: the worker stopped")
    record_figures(
        poison_jobs=1,
        healthy_jobs=10,
        healthy_completed=10,
        poison_attempts=2,
        seconds_until_poison_failed=round(time.monotonic() - started, 1),
    )


def test_a_pickled_message_is_refused_and_the_worker_goes_on(
    clean_tables: None, worker_env: dict[str, str], tmp_path: Path
) -> None:
    user_id, resume_id = make_owner()
    target = create_job(user_id=user_id, resume_id=resume_id, **posting())
    with running_workers(1, worker_env, tmp_path) as workers:
        app.send_task(PROCESS_JOB, args=[target["id"]], serializer="pickle")
        normal = submit_job(user_id=user_id, resume_id=resume_id, publish=publish_job, **posting())

        # A message is a doorbell for the next job in fair order (docs/WORKFLOW.md), so the one
        # JSON message runs one of the two jobs, whichever comes first; the pickled one none.
        def statuses() -> list[str]:
            return sorted([job_status(target["id"]), job_status(normal["id"])])

        assert wait_until(lambda: "COMPLETED" in statuses(), timeout=60)
        log = workers[0].log()
    assert "untrusted content of type pickle" in log
    assert statuses() == ["COMPLETED", "PENDING"], "nothing ran from the pickled message"


def test_sigterm_lets_the_running_job_finish(
    clean_tables: None, chaos_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**chaos_env, "TAILOR_TEST_ENGINE_DELAY": "2"}
    user_id, resume_id = make_owner()
    with running_workers(1, env, tmp_path) as workers:
        job = submit_job(user_id=user_id, resume_id=resume_id, publish=publish_job, **posting())
        assert wait_until(lambda: job_status(job["id"]) == "PROCESSING", timeout=30)
        # As `docker stop` does: SIGTERM to the main process only, which stops its pool politely.
        os.kill(workers[0].process.pid, signal.SIGTERM)
        assert workers[0].process.wait(timeout=60) == 0
    assert job_status(job["id"]) == "COMPLETED"


payloads = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=50),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def test_hostile_task_arguments_never_strand_a_job(
    clean_tables: None, worker_env: dict[str, str], tmp_path: Path
) -> None:
    user_id, resume_id = make_owner()
    sent: list[Any] = []
    with running_workers(1, worker_env, tmp_path) as workers:

        @settings(
            max_examples=60,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture],
        )
        @given(
            args=st.lists(payloads, max_size=3),
            kwargs=st.dictionaries(
                st.sampled_from(["job_id", "held_attempt", "other"]), payloads, max_size=2
            ),
        )
        def send(args: list[Any], kwargs: dict[str, Any]) -> None:
            sent.append((args, kwargs))
            app.send_task(PROCESS_JOB, args=args, kwargs=kwargs)

        send()
        job = submit_job(user_id=user_id, resume_id=resume_id, publish=publish_job, **posting())
        assert wait_until(lambda: job_status(job["id"]) == "COMPLETED", timeout=60)
        assert workers[0].process.poll() is None, "the worker is still alive"
    assert len(sent) >= 20
