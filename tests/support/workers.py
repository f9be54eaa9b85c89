"""Real `celery -A tailor_worker worker` subprocesses for end-to-end tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import redis

from tailor_core.settings import get_settings
from tailor_worker.worker_process import ROOT, start_worker, stop_worker


@dataclass
class Worker:
    name: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def child_env() -> dict[str, str]:
    """The environment for a process this test run starts: this one's, without the variables
    pytest and Celery set for themselves (a worker must not inherit either's state)."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "PYTEST_"))}


def wait_ready(worker: Worker, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if " ready." in worker.log():
            return
        if worker.process.poll() is not None:
            raise AssertionError(f"worker {worker.name} exited early:\n{worker.log()[-4000:]}")
        time.sleep(0.1)
    raise AssertionError(f"worker {worker.name} not ready after {timeout} s:\n{worker.log()}")


@contextmanager
def running_workers(
    count: int,
    env: Mapping[str, str],
    log_dir: Path,
    *,
    concurrency: int = 1,
    pool: str = "prefork",
) -> Iterator[list[Worker]]:
    workers: list[Worker] = []
    try:
        for index in range(count):
            name = f"w{index}-{log_dir.name}"
            log_path = log_dir / f"{name}.log"
            process = start_worker(
                name, env, log_path=log_path, concurrency=concurrency, pool=pool, cwd=ROOT
            )
            workers.append(Worker(name, process, log_path))
        for worker in workers:
            wait_ready(worker)
        yield workers
    finally:
        for worker in workers:
            stop_worker(worker.process)


def wait_until(predicate: object, timeout: float, interval: float = 0.2) -> bool:
    assert callable(predicate)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())


def start_beat(env: Mapping[str, str], log_dir: Path) -> subprocess.Popen[bytes]:
    log_path = log_dir / "beat.log"
    with log_path.open("ab") as log:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tailor_worker",
                "beat",
                "--loglevel=INFO",
                f"--schedule={log_dir / 'celerybeat-schedule'}",
            ],
            cwd=ROOT,
            env=dict(env),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


@contextmanager
def running_beat(env: Mapping[str, str], log_dir: Path) -> Iterator[subprocess.Popen[bytes]]:
    beat = start_beat(env, log_dir)
    try:
        yield beat
    finally:
        stop_worker(beat)


def pool_children(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # Field 4 is the parent pid; the command name before it may hold spaces.
        if int(stat.rpartition(")")[2].split()[1]) == pid:
            children.append(int(entry.name))
    return sorted(children)


def held_messages() -> list[str]:
    """The messages workers hold unacknowledged (prefetched, or a countdown retry waiting for its
    time), each as its task, arguments and ETA."""
    settings = get_settings()
    client = redis.Redis.from_url(settings.broker_url)
    try:
        entries = client.hvals(f"{settings.redis_key_prefix}unacked")
    finally:
        client.close()
    held = []
    for entry in entries:
        headers = json.loads(entry)[0].get("headers", {})
        held.append(f"{headers.get('task')}{headers.get('argsrepr')} eta={headers.get('eta')}")
    return held


def messages_settled() -> bool:
    """Whether the workers have dealt with every message: none queued for jobs, none held
    unacknowledged (a worker holds a message it prefetched until it has run it)."""
    from tailor_worker.broker import queue_depth

    return not held_messages() and queue_depth() == 0
