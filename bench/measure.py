"""Small measuring helpers: clocks, percentiles, polling the database and Redis."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import redis
from sqlalchemy import text

POLL_SECONDS = 0.05


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile; `fraction` in [0, 1]."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def timed(call: Callable[[], object], repeat: int) -> list[float]:
    """Seconds per call, `repeat` times."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


def count_jobs(status: str | None = None, first_id: int = 0) -> int:
    from tailor_core.db.session import get_engine

    where = "id >= :first" + ("" if status is None else " AND status = :status")
    with get_engine().connect() as connection:
        value = connection.execute(
            text(f"SELECT count(*) FROM jobs WHERE {where}"),  # noqa: S608 - fixed text
            {"first": first_id, "status": status},
        ).scalar_one()
    return int(value)


def unfinished_jobs() -> int:
    from tailor_core.db.session import get_engine

    with get_engine().connect() as connection:
        value = connection.execute(
            text("SELECT count(*) FROM jobs WHERE status IN ('PENDING', 'PROCESSING')")
        ).scalar_one()
    return int(value)


def last_finished_epoch() -> float:
    from tailor_core.db.session import get_engine

    with get_engine().connect() as connection:
        value = connection.execute(
            text("SELECT extract(epoch FROM max(finished_at)) FROM jobs")
        ).scalar_one()
    return float(value)


def wait_until(
    condition: Callable[[], bool], timeout: float, what: str, poll: float = POLL_SECONDS
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what} after {timeout:.0f} s")
        time.sleep(poll)


def redis_waiting(client: redis.Redis, prefix: str, queue: str) -> int:
    """Messages still in a kombu queue or delivered but not yet acknowledged."""
    waiting = 0
    for key in client.scan_iter(match=f"{prefix}{queue}*", count=1000):
        if client.type(key) == b"list":
            waiting += int(client.llen(key))
    return waiting + int(client.hlen(f"{prefix}unacked"))


def redis_command_calls(client: redis.Redis) -> dict[str, int]:
    stats = client.info("commandstats")
    return {name.removeprefix("cmdstat_"): int(v["calls"]) for name, v in stats.items()}


def delta(after: dict[str, int], before: dict[str, int]) -> dict[str, int]:
    changed = {k: v - before.get(k, 0) for k, v in after.items()}
    return {k: v for k, v in sorted(changed.items()) if v}


def database_transactions(name: str) -> int:
    """Committed plus rolled-back transactions of one database, from pg_stat_database."""
    from tailor_core.db.session import get_engine

    with get_engine().connect() as connection:
        connection.execute(text("SELECT pg_stat_clear_snapshot()"))
        value = connection.execute(
            text("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = :n"),
            {"n": name},
        ).scalar_one()
    return int(value)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    # After the command name: state is field 3, utime field 14 and stime field 15 (man 5 proc).
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def database_backends(name: str) -> list[int]:
    from tailor_core.db.session import get_engine

    with get_engine().connect() as connection:
        rows = connection.execute(
            text("SELECT pid FROM pg_stat_activity WHERE datname = :n AND pid <> pg_backend_pid()"),
            {"n": name},
        )
        return [int(pid) for (pid,) in rows]


def redis_pid(client: redis.Redis) -> int:
    return int(client.info("server")["process_id"])


class CpuMeter:
    """CPU used per role between `start()` and `stop()`: worker main, pool children, the
    database backends serving the bench database, and Redis (shared with anyone else)."""

    def __init__(self, worker_pid: int, database: str, client: redis.Redis) -> None:
        self.worker_pid, self.database, self.client = worker_pid, database, client
        self._before: dict[str, float] = {}

    def _sample(self) -> dict[str, float]:
        from bench.workers import process_tree

        tree = process_tree(self.worker_pid)
        return {
            "worker_main": cpu_seconds(self.worker_pid),
            "worker_children": sum(cpu_seconds(pid) for pid in tree[1:]),
            "postgres": sum(cpu_seconds(pid) for pid in database_backends(self.database)),
            "redis": cpu_seconds(redis_pid(self.client)),
        }

    def start(self) -> None:
        self._before = self._sample()

    def per_job_ms(self, jobs: int) -> dict[str, float]:
        after = self._sample()
        return {k: round(1000 * (after[k] - self._before[k]) / jobs, 3) for k in after}
