"""Fair share, priorities and the model's limit, measured on real workers (a program, not a test).

    .venv/bin/python -m bench.fairness                # about 6 minutes
    .venv/bin/python -m bench.fairness --quick        # about 2 minutes (2,000 queued, 20 s window)

Scenarios (results in docs/PERFORMANCE.md, "Fair share"):

- **B alone**: user B submits 10 jobs, one at a time, five rounds, on an idle worker.
- **B behind A**: user A queues 10,000 jobs (interactive, like B's); while they drain, B submits
  10 jobs, five rounds a second apart. B's wait before its first start, B's p50/p99 latency
  (`finished_at - created_at`), and how many of A's jobs were queued ahead of B (what B would
  have waited for in arrival order).
- **interactive vs batch**: A queues 10,000 batch jobs; B submits interactive jobs meanwhile.
- **the model's limit**: 4 workers on the llm engine against a fake provider on loopback
  (tests/support/llm.py), 60 requests per minute, one 429 with Retry-After injected: the most
  requests the provider saw in any 60 s, jobs FAILED, jobs handed back to wait.

It creates its own database and Redis key prefix and removes both at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import measure, workers
from bench.fairness_jobs import (
    clear_jobs,
    count_finished,
    count_pending,
    job_times,
    new_user,
    queue_jobs,
    submit_one,
)
from bench.report import progress
from bench.servers import DEFAULT_ADMIN_URL, DEFAULT_REDIS_URL, BenchServers
from bench.workers import WorkerSpec

ROUNDS = 5
B_JOBS = 10


@dataclass(frozen=True)
class Setup:
    backlog: int
    llm_jobs: int
    llm_limit: int
    llm_window: int
    concurrency: int
    log_dir: Path


def _stats(samples: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(1000 * measure.percentile(samples, 0.5), 1),
        "p99_ms": round(1000 * measure.percentile(samples, 0.99), 1),
        "max_ms": round(1000 * max(samples), 1),
    }


def b_rounds(b: tuple[int, int], a_user: int | None) -> dict[str, Any]:
    """B submits 10 jobs one at a time, five rounds; waits and latencies from the database."""
    first_waits: list[float] = []
    latencies: list[float] = []
    ahead: list[int] = []
    for _ in range(ROUNDS):
        queued_ahead = count_pending(a_user) if a_user is not None else 0
        ids = [submit_one(b) for _ in range(B_JOBS)]

        def done(ids: list[int] = ids) -> bool:
            return count_finished(ids) == len(ids)

        measure.wait_until(done, 300, "B's jobs", poll=0.05)
        times = job_times(ids)
        first_waits.append(times[0][1] - times[0][0])
        latencies += [f - c for c, _, f in times]
        ahead.append(queued_ahead)
        time.sleep(1.0)
    return {
        "first_start_wait": _stats(first_waits),
        "latency": _stats(latencies),
        "a_jobs_queued_ahead_mean": round(sum(ahead) / len(ahead)),
        "samples": len(latencies),
    }


def fairness(setup: Setup, servers: BenchServers) -> dict[str, Any]:
    results: dict[str, Any] = {}
    a, b = new_user("bench-a"), new_user("bench-b")
    spec = WorkerSpec(concurrency=setup.concurrency)
    env = servers.worker_env(TAILOR_ENGINE="default")
    with workers.running(spec, "fair", env, setup.log_dir / "fair.log"):
        progress("B alone")
        results["b_alone"] = b_rounds(b, None)
        for label, priority in (
            ("b_behind_a_interactive", "interactive"),
            ("b_behind_a_batch", "batch"),
        ):
            progress(f"B behind A's {setup.backlog:,} {priority} jobs")
            a_ids = queue_jobs(a, setup.backlog, priority)
            started = time.time()
            results[label] = b_rounds(b, a[0])
            measure.wait_until(lambda: measure.unfinished_jobs() == 0, 900, "A's backlog")
            a_times = job_times(a_ids)
            drain = max(f for _, _, f in a_times) - min(c for c, _, _ in a_times)
            results[label]["a_drain_rate_jobs_per_s"] = round(len(a_ids) / drain)
            results[label]["a_latency"] = _stats([f - c for c, _, f in a_times])
            results[label]["seconds_from_a_queued_to_b_done"] = round(time.time() - started, 1)
            # In arrival order B would have waited for the A jobs queued ahead of it.
            fifo = (
                results[label]["a_jobs_queued_ahead_mean"]
                / results[label]["a_drain_rate_jobs_per_s"]
            )
            results[label]["fifo_first_start_wait_estimate_ms"] = round(1000 * fifo)
            progress(f"  {json.dumps(results[label])}")
            clear_jobs(servers)
    progress(f"  B alone: {json.dumps(results['b_alone'])}")
    return results


def llm_limit(setup: Setup, servers: BenchServers) -> dict[str, Any]:
    from tests.support.llm import fake_provider

    user = new_user("bench-llm")
    with fake_provider(refuse={10}, retry_after=2.0, delay=0.2) as provider:
        env = servers.worker_env(
            TAILOR_ENGINE="llm",
            TAILOR_LLM_BASE_URL=provider.url,
            TAILOR_LLM_MODEL="fake",
            TAILOR_LLM_REQUESTS_PER_MINUTE=str(setup.llm_limit),
            TAILOR_LLM_LIMIT_WINDOW=str(setup.llm_window),
        )
        spec = WorkerSpec(concurrency=2)
        logs = [setup.log_dir / f"llm-{n}.log" for n in range(4)]
        with (
            workers.running(spec, "llm0", env, logs[0]),
            workers.running(spec, "llm1", env, logs[1]),
            workers.running(spec, "llm2", env, logs[2]),
            workers.running(spec, "llm3", env, logs[3]),
        ):
            progress(f"model's limit: {setup.llm_jobs} jobs, 4 workers, {setup.llm_limit}/window")
            start = time.monotonic()
            ids = queue_jobs(user, setup.llm_jobs, "batch")
            measure.wait_until(lambda: measure.unfinished_jobs() == 0, 900, "the llm jobs")
            elapsed = time.monotonic() - start
        deferred = sum(log.read_text(errors="replace").count(": deferred") for log in logs)
    failed = len(ids) - measure.count_jobs("COMPLETED", first_id=ids[0])
    result = {
        "limit_per_window": setup.llm_limit,
        "window_seconds": setup.llm_window,
        "jobs": len(ids),
        "requests_served": len(provider.served),
        "requests_refused_429": len(provider.refused),
        "most_requests_in_any_window": provider.most_in_any_window(setup.llm_window),
        "jobs_not_completed": failed,
        "handed_back_to_wait": deferred,
        "seconds": round(elapsed, 1),
    }
    progress(f"  {json.dumps(result)}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fairness")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", choices=("fairness", "llm"), action="append")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument(
        "--database-url", default=os.environ.get("TAILOR_BENCH_DATABASE_URL", DEFAULT_ADMIN_URL)
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("TAILOR_BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    )
    args = parser.parse_args(argv)
    only = set(args.only or ("fairness", "llm"))
    log_dir = Path(tempfile.mkdtemp(prefix="tailor-bench-fairness-"))
    setup = Setup(
        backlog=2_000 if args.quick else 10_000,
        llm_jobs=50 if args.quick else 150,
        llm_limit=20 if args.quick else 60,
        llm_window=20 if args.quick else 60,
        concurrency=args.concurrency,
        log_dir=log_dir,
    )
    results: dict[str, Any] = {"setup": {**setup.__dict__, "log_dir": str(log_dir)}}
    with BenchServers(args.database_url, args.redis_url) as servers:
        if "fairness" in only:
            results["fairness"] = fairness(setup, servers)
            clear_jobs(servers)
        if "llm" in only:
            results["llm_limit"] = llm_limit(setup, servers)
    text = json.dumps(results, indent=2, default=str)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
