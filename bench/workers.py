"""Worker subprocesses for the benchmark: Tailor's real worker command, or the reference app."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.servers import ROOT

READY_TIMEOUT = 60.0


@dataclass(frozen=True)
class WorkerSpec:
    app: str = "tailor_worker"  # `bench.noop_app` for the reference
    pool: str = "prefork"
    concurrency: int = 2
    prefetch_multiplier: int | None = None  # None: the app's own setting

    def command(self, name: str) -> list[str]:
        # Imported late: tailor_worker reads its settings on import, after BenchServers set them.
        from tailor_worker.worker_process import worker_command

        command = worker_command(name, concurrency=self.concurrency, pool=self.pool)
        if self.app != "tailor_worker":
            command[command.index("tailor_worker")] = self.app
        if self.app == "bench.noop_app":
            command.append("--queues=bench-noop")
        if self.prefetch_multiplier is not None:
            command.append(f"--prefetch-multiplier={self.prefetch_multiplier}")
        return command


def start(
    spec: WorkerSpec,
    name: str,
    env: Mapping[str, str],
    log_path: Path,
    wrapper: Sequence[str] = (),
) -> subprocess.Popen[bytes]:
    """Start a worker in its own process group and wait until it says it is ready."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    offset = log_path.stat().st_size if log_path.exists() else 0
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [*wrapper, *spec.command(name)],
            env=dict(env),
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    from tailor_worker.worker_process import stop_worker

    try:
        _wait_ready(process, log_path, offset)
    except BaseException:
        stop_worker(process, timeout=10)
        raise
    return process


def _wait_ready(process: subprocess.Popen[bytes], log_path: Path, offset: int) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        with open(log_path, "rb") as log:
            log.seek(offset)
            if b" ready." in log.read():
                return
        if process.poll() is not None:
            raise RuntimeError(f"worker exited with {process.returncode}; see {log_path}")
        time.sleep(0.1)
    raise RuntimeError(f"worker not ready after {READY_TIMEOUT:.0f} s; see {log_path}")


@contextmanager
def running(
    spec: WorkerSpec,
    name: str,
    env: Mapping[str, str],
    log_path: Path,
    wrapper: Sequence[str] = (),
) -> Iterator[subprocess.Popen[bytes]]:
    from tailor_worker.worker_process import stop_worker

    process = start(spec, name, env, log_path, wrapper)
    try:
        yield process
    finally:
        stop_worker(process, timeout=20)


def process_tree(pid: int) -> list[int]:
    """The process and all its descendants (prefork pool children), from /proc."""
    found = [pid]
    for current in found:
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                found.extend(int(child) for child in task.read_text().split())
            except OSError:
                continue
    return found


def _vm_rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_kib(pid: int) -> int:
    """VmRSS summed over a worker's main process and its pool children."""
    return sum(_vm_rss(member) for member in process_tree(pid))


def main_rss_kib(pid: int) -> int:
    """VmRSS of the worker's main process alone."""
    return _vm_rss(pid)
