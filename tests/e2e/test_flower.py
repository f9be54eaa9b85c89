"""Flower watches the workers and never answers without a login."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tailor_core.jobs.crud import get_job_by_id
from tailor_core.jobs.producer import submit_job
from tailor_worker.publisher import publish_job
from tailor_worker.routing import PROCESS_JOB
from tailor_worker.worker_process import ROOT, stop_worker
from tests.support.api import free_port
from tests.support.factories import make_resume, make_user, posting
from tests.support.workers import Worker, running_workers, wait_until

pytestmark = pytest.mark.e2e

LOGIN = "operator:correct-horse-battery"
# What a worker logs when Flower switches its task events on.
EVENTS_ENABLED = "Events of group {task} enabled by remote."


def _get(url: str, login: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url)
    if login:
        request.add_header("Authorization", "Basic " + base64.b64encode(login.encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _start_flower(
    env: dict[str, str], port: int, log: Path, cwd: Path = ROOT
) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tailor_worker",
                "flower",
                f"--port={port}",
                "--address=127.0.0.1",
            ],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


@pytest.mark.parametrize("login", [None, "", "operator-without-password"])
def test_flower_refuses_to_start_without_a_login_from_any_directory(
    worker_env: dict[str, str], tmp_path: Path, login: str | None
) -> None:
    """Run from a folder outside the repository: no ./flowerconfig.py is there to read."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in worker_env.items() if k != "FLOWER_BASIC_AUTH"}
    if login is not None:
        env["FLOWER_BASIC_AUTH"] = login
    port = free_port()
    process = _start_flower(env, port, tmp_path / "flower.log", cwd=outside)
    try:
        assert process.wait(timeout=60) != 0
    finally:
        if process.poll() is None:
            stop_worker(process)
    assert "FLOWER_BASIC_AUTH" in (tmp_path / "flower.log").read_text()
    with pytest.raises(urllib.error.URLError):
        _get(f"http://127.0.0.1:{port}/api/workers")


def test_flower_needs_auth_and_shows_the_worker_and_its_tasks(
    clean_tables: None, worker_env: dict[str, str], tmp_path: Path
) -> None:
    """Workers send no task events by default (they cost a third of a busy worker's time);
    Flower switches them on while it watches, so its task list still fills."""
    user = make_user()
    resume = make_resume(user["id"])
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**worker_env, "FLOWER_BASIC_AUTH": LOGIN}
    with running_workers(1, worker_env, tmp_path) as workers:
        # From outside the repository, so only the packaged settings apply.
        flower = _start_flower(env, port, tmp_path / "flower.log", cwd=tmp_path)
        try:
            deadline = time.monotonic() + 60
            listed: dict[str, object] = {}
            while time.monotonic() < deadline and workers[0].name not in str(listed):
                try:
                    status, _ = _get(f"{base}/api/workers")
                except OSError:
                    time.sleep(0.3)
                    continue
                assert status == 401, "Flower must refuse a request without credentials"
                status, body = _get(f"{base}/api/workers?refresh=1", LOGIN)
                assert status == 200
                listed = json.loads(body)
                time.sleep(0.3)
            assert _get(f"{base}/api/workers", "operator:wrong")[0] == 401
            tasks = _tasks_seen_by_flower(base, workers[0], user["id"], resume["id"])
        finally:
            stop_worker(flower)
    assert any(name.startswith(workers[0].name) for name in listed), (
        f"worker not listed: {listed}\n{(tmp_path / 'flower.log').read_text()[-3000:]}"
    )
    assert any(
        task.get("name") == PROCESS_JOB and task.get("state") == "SUCCESS"
        for task in tasks.values()
    ), f"Flower saw no finished tailoring task: {tasks}"


def _tasks_seen_by_flower(
    base: str, worker: Worker, user_id: int, resume_id: int
) -> dict[str, dict[str, object]]:
    # Flower switches task events on a few seconds after it starts; a job run before that goes
    # unseen. The worker logs the switch: submit a job after it, and once the job is done give
    # Flower a moment to hear of it (another job if its listener was not connected yet).
    assert wait_until(lambda: EVENTS_ENABLED in worker.log(), timeout=60), worker.log()[-3000:]
    tasks: dict[str, dict[str, object]] = {}

    def finished_in_flower() -> bool:
        status, body = _get(f"{base}/api/tasks?limit=50", LOGIN)
        assert status == 200
        tasks.update(json.loads(body))
        return any(task.get("state") == "SUCCESS" for task in tasks.values())

    for _ in range(3):
        _run_one_job(user_id, resume_id)
        if wait_until(finished_in_flower, timeout=10, interval=0.3):
            break
    return tasks


def _run_one_job(user_id: int, resume_id: int) -> None:
    job = submit_job(user_id=user_id, resume_id=resume_id, publish=publish_job, **posting())

    def completed() -> bool:
        found = get_job_by_id(job["id"])
        return found is not None and found["status"] == "COMPLETED"

    assert wait_until(completed, timeout=60), f"job {job['id']} did not complete"
