"""The default engine: its own time in-process, the pipeline's rate, and idle-system latency."""

from __future__ import annotations

import time

from bench import measure, workers
from bench.context import Bench
from bench.report import Figure, progress
from bench.scenarios.throughput import pipeline_drain

LATENCY_BUDGET_MS = 50.0
POLL = 0.002


def engine_seconds(bench: Bench, repeat: int = 30) -> float:
    """Median seconds of one call of the default engine on the benchmark's resume and posting."""
    from tailor_core.domain import JobPosting
    from tailor_core.jobs.engine_choice import load_engine

    engine = load_engine("default")
    p = bench.posting
    posting = JobPosting(title=p.title, company_name=p.company_name, description=p.description)
    engine(bench.resume_text, posting)
    return measure.median(measure.timed(lambda: engine(bench.resume_text, posting), repeat))


def latencies(bench: Bench, samples: int) -> tuple[list[float], list[float]]:
    """Submit one job at a time and wait for it: (database, wall clock) seconds per job.

    Database latency is finished_at - created_at; wall clock runs from the submit call until the
    bench sees COMPLETED (it includes up to one poll interval)."""
    from sqlalchemy import text

    from tailor_core.db.session import get_engine
    from tailor_worker.publisher import publish_job

    query = text(
        "SELECT status, extract(epoch FROM finished_at - created_at) FROM jobs WHERE id = :id"
    )
    database: list[float] = []
    wall: list[float] = []
    with get_engine().connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")
        for _ in range(samples):
            start = time.perf_counter()
            job = bench.submit_one(publish_job)
            deadline = start + 30
            while True:
                status, seconds = connection.execute(query, {"id": job["id"]}).one()
                if status not in {"PENDING", "PROCESSING"} or time.perf_counter() > deadline:
                    break
                time.sleep(POLL)
            wall.append(time.perf_counter() - start)
            database.append(float(seconds or "nan"))
            time.sleep(0.02)  # idle between samples
    return database, wall


def run(bench: Bench) -> None:
    options = bench.options
    engine_ms = engine_seconds(bench) * 1000
    progress(f"  default engine in-process: {engine_ms:.1f} ms median per job")
    drain = pipeline_drain(bench, options.engine_jobs, "default", "pipeline-default")
    env = bench.servers.worker_env(TAILOR_ENGINE="default")
    with workers.running(bench.spec(), "bench-latency", env, bench.log_dir / "latency.log"):
        latencies(bench, 10)  # warm both pool processes
        database, wall = latencies(bench, options.latency_samples)
    p50 = measure.percentile(database, 0.5) * 1000
    p99 = measure.percentile(database, 0.99) * 1000
    budget = LATENCY_BUDGET_MS + engine_ms
    bench.add(Figure("default engine, in-process", engine_ms, "ms/job"))
    reference = bench.results.get("reference_rate")
    bench.add(
        Figure(
            "pipeline, default engine",
            drain["rate"],
            "jobs/s",
            ratio=drain["rate"] / reference if isinstance(reference, float) else None,
            reference="ref",
            details=drain,
        )
    )
    bench.add(
        Figure(
            "latency submit->COMPLETED p50",
            p50,
            "ms",
            goal=budget,
            direction="max",
            goal_text=f"< 50 ms + engine = {budget:.0f} ms",
            details={
                "samples": len(database),
                "wall_p50_ms": measure.percentile(wall, 0.5) * 1000,
                "wall_p99_ms": measure.percentile(wall, 0.99) * 1000,
            },
        )
    )
    bench.add(Figure("latency submit->COMPLETED p99", p99, "ms"))
