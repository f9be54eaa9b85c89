"""Drain rates: the bare-Celery reference, the pipeline on the no-op engine, the full engine."""

from __future__ import annotations

import time
from typing import Any

import redis

from bench import measure, workers
from bench.context import NOOP_ENGINE, Bench, pipeline_prefetch
from bench.report import Figure, progress
from bench.workers import WorkerSpec

WARM_UP = 40
DRAIN_TIMEOUT = 900.0
PIPELINE_GOAL = 0.6


def reference_rate(bench: Bench, count: int, label: str = "reference") -> float:
    """Messages per second a bare Celery no-op task drains, same broker, pool and concurrency."""
    from bench.noop_app import QUEUE, TASK_NAME, app

    client = redis.Redis.from_url(bench.servers.redis_url)
    prefix = bench.servers.redis_prefix

    def send(n: int) -> None:
        with app.producer_or_acquire() as producer, producer.batch(max_size=1000):
            for i in range(n):
                app.send_task(TASK_NAME, args=[i], producer=producer)

    def drained() -> bool:
        return measure.redis_waiting(client, prefix, QUEUE) == 0

    try:
        spec = bench.spec(app="bench.noop_app")
        env = bench.servers.worker_env()
        with workers.running(spec, "bench-noop", env, _log(bench, label)) as w:
            send(WARM_UP)
            measure.wait_until(drained, 60, "the reference warm-up", poll=0.01)
            cpu = measure.CpuMeter(w.pid, bench.servers.database_name, client)
            cpu.start()
            start = time.perf_counter()
            send(count)
            measure.wait_until(drained, DRAIN_TIMEOUT, "the reference drain", poll=0.01)
            elapsed = time.perf_counter() - start
            bench.results[f"{label}_cpu_ms_per_message"] = cpu.per_job_ms(count)
    finally:
        client.close()
    rate = count / elapsed
    progress(f"  {label}: {count} no-op messages in {elapsed:.2f} s = {rate:,.0f}/s")
    progress(f"  {label}: CPU ms per message {bench.results[f'{label}_cpu_ms_per_message']}")
    return rate


def pipeline_drain(
    bench: Bench, count: int, engine: str, label: str, spec: WorkerSpec | None = None
) -> dict[str, Any]:
    """submit_jobs -> Redis -> `celery -A tailor_worker worker` -> PostgreSQL until all finish.

    Drain time runs from the first publish to the last job's finished_at."""
    env = bench.servers.worker_env(TAILOR_ENGINE=engine)
    client = redis.Redis.from_url(bench.servers.redis_url)
    try:
        spec = spec or bench.spec()
        with workers.running(spec, "bench", env, _log(bench, label)) as w:
            bench.submit(WARM_UP)
            measure.wait_until(lambda: measure.unfinished_jobs() == 0, 120, "the warm-up")
            transactions = measure.database_transactions(bench.servers.database_name)
            commands = measure.redis_command_calls(client)
            cpu = measure.CpuMeter(w.pid, bench.servers.database_name, client)
            cpu.start()
            polls = 0

            def finished() -> bool:
                nonlocal polls
                polls += 1
                return measure.unfinished_jobs() == 0

            ids, first_publish = bench.submit(count)
            measure.wait_until(finished, DRAIN_TIMEOUT, f"{label} to drain", poll=0.05)
            elapsed = measure.last_finished_epoch() - first_publish
            commands = measure.delta(measure.redis_command_calls(client), commands)
            cpu_ms = cpu.per_job_ms(count)
            rss = workers.rss_kib(w.pid)
        # The workers' connections are closed now, so their statistics have reached the server.
        time.sleep(0.6)
        transactions = measure.database_transactions(bench.servers.database_name) - transactions
    finally:
        client.close()
    failed = count - measure.count_jobs("COMPLETED", first_id=ids[0])
    rate = count / elapsed
    # Our own polling: one transaction per poll, plus submit_jobs' one per batch.
    worker_transactions = transactions - polls - 1 - (count // 10_000 + 1)
    progress(f"  {label}: {count} jobs in {elapsed:.2f} s = {rate:,.0f}/s ({failed} not COMPLETED)")
    progress(f"  {label}: CPU ms per job {cpu_ms}")
    return {
        "rate": rate,
        "seconds": elapsed,
        "not_completed": failed,
        "transactions_per_job": worker_transactions / count,
        "redis_calls_per_job": sum(commands.values()) / count,
        "redis_commands": {k: round(v / count, 2) for k, v in commands.items()},
        "worker_rss_kib": rss,
        "cpu_ms_per_job": cpu_ms,
    }


def run(bench: Bench) -> None:
    options = bench.options
    references: list[float] = []
    pipelines: list[dict[str, Any]] = []
    for round_ in range(options.repeats):
        progress(f"throughput round {round_ + 1}/{options.repeats}")
        references.append(reference_rate(bench, options.reference_jobs))
        pipelines.append(pipeline_drain(bench, options.pipeline_jobs, NOOP_ENGINE, "pipeline-noop"))
        bench.clear_jobs()
    # Each round's pipeline is compared with the reference measured just before it, so a burst
    # of load from someone else on the machine skews one round, not the ratio.
    ratios = [float(p["rate"]) / r for p, r in zip(pipelines, references, strict=True)]
    chosen = ratios.index(max(ratios))
    reference, best = references[chosen], pipelines[chosen]
    bench.results["reference_rate"] = reference
    bench.add(
        Figure(
            "reference: bare Celery no-op",
            reference,
            "msg/s",
            details={
                "rounds": references,
                "messages": options.reference_jobs,
                "pool": options.pool,
                "concurrency": options.concurrency,
                "prefetch_multiplier": pipeline_prefetch(),
            },
        )
    )
    bench.add(
        Figure(
            "pipeline, no-op engine",
            best["rate"],
            "jobs/s",
            goal=PIPELINE_GOAL,
            direction="min",
            ratio=best["rate"] / reference,
            reference="ref",
            goal_text=f">= {PIPELINE_GOAL}x ref",
            details={"rounds": [p["rate"] for p in pipelines], "round_ratios": ratios, **best},
        )
    )
    bench.add(
        Figure(
            "DB transactions per job (server)",
            best["transactions_per_job"],
            "xact",
            details={"source": "pg_stat_database delta over the no-op drain"},
        )
    )
    bench.add(
        Figure(
            "Redis commands per job",
            best["redis_calls_per_job"],
            "cmd",
            details={"commands": best["redis_commands"]},
        )
    )


def _log(bench: Bench, label: str) -> Any:
    return bench.log_dir / f"{label}.log"
