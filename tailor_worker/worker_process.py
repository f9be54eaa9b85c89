"""Starting and stopping a `celery -A tailor_worker worker` subprocess (demo and tests)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def worker_command(
    name: str, *, concurrency: int = 1, pool: str = "prefork", loglevel: str = "INFO"
) -> list[str]:
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "tailor_worker",
        "worker",
        f"--hostname={name}@%h",
        f"--pool={pool}",
        f"--concurrency={concurrency}",
        f"--loglevel={loglevel}",
        "--without-mingle",
        "--without-gossip",
    ]


def start_worker(
    name: str,
    env: Mapping[str, str],
    *,
    log_path: Path,
    concurrency: int = 1,
    pool: str = "prefork",
    cwd: Path | None = None,
) -> subprocess.Popen[bytes]:
    """A worker in its own process group, so it and its pool children can be stopped as one."""
    log = open(log_path, "ab")  # noqa: SIM115 - the child process owns the handle
    try:
        return subprocess.Popen(
            worker_command(name, concurrency=concurrency, pool=pool),
            env=dict(env),
            cwd=cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    finally:
        log.close()


def stop_worker(process: subprocess.Popen[bytes], timeout: float = 30) -> int:
    """Warm shutdown (SIGTERM finishes the current job), then SIGKILL if it hangs."""
    if process.poll() is None:
        # To the main process only: a SIGTERM to the pool children would kill their jobs.
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return process.returncode
