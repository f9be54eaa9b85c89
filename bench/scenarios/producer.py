"""The producer against raw loops in the same run: psycopg2 INSERT ... RETURNING + send_task."""

from __future__ import annotations

import time
from collections.abc import Callable

import psycopg2
import psycopg2.extras
from sqlalchemy.engine import make_url

from bench.context import Bench
from bench.report import Figure, progress

SINGLE_GOAL = 0.8
BATCH_GOAL = 0.9
INSERT = (
    "INSERT INTO jobs (user_id, resume_id, title, company_name, job_description, status)"
    " VALUES %s RETURNING id"
)


def _dsn(database_url: str) -> str:
    url = make_url(database_url)
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _row(bench: Bench) -> tuple[object, ...]:
    p = bench.posting
    return (bench.user_id, bench.resume_id, p.title, p.company_name, p.description, "PENDING")


def raw_single(bench: Bench, count: int) -> float:
    """One transaction and one publish per job, no ORM: the floor for submit_job."""
    from tailor_worker.app import app
    from tailor_worker.routing import PROCESS_JOB

    connection = psycopg2.connect(_dsn(bench.servers.database_url))
    row = _row(bench)
    single = INSERT.replace("VALUES %s", "VALUES (%s, %s, %s, %s, %s, %s)")
    try:
        start = time.perf_counter()
        for _ in range(count):
            with connection.cursor() as cursor:
                cursor.execute(single, row)
                (job_id,) = cursor.fetchone()
            connection.commit()
            app.send_task(PROCESS_JOB, args=[job_id])
        return count / (time.perf_counter() - start)
    finally:
        connection.close()


def real_single(bench: Bench, count: int) -> float:
    from tailor_worker.publisher import publish_job

    start = time.perf_counter()
    for _ in range(count):
        bench.submit_one(publish_job)
    return count / (time.perf_counter() - start)


def raw_batch(bench: Bench, count: int) -> float:
    """One multi-row INSERT in one transaction, then one pipelined publish."""
    from tailor_worker.app import app
    from tailor_worker.routing import PROCESS_JOB

    connection = psycopg2.connect(_dsn(bench.servers.database_url))
    rows = [_row(bench)] * count
    try:
        start = time.perf_counter()
        with connection.cursor() as cursor:
            found = psycopg2.extras.execute_values(cursor, INSERT, rows, page_size=1000, fetch=True)
        connection.commit()
        with app.producer_or_acquire() as producer, producer.batch(max_size=1000):
            for (job_id,) in found:
                app.send_task(PROCESS_JOB, args=[job_id], producer=producer)
        return count / (time.perf_counter() - start)
    finally:
        connection.close()


def real_batch(bench: Bench, count: int) -> float:
    start = time.perf_counter()
    bench.submit(count)
    return count / (time.perf_counter() - start)


def _best_of(rounds: int, label: str, measure: Callable[[], float], bench: Bench) -> float:
    rates = []
    for _ in range(rounds):
        rates.append(measure())
        bench.clear_jobs()
    progress(f"  {label}: " + ", ".join(f"{r:,.0f}/s" for r in rates))
    return max(rates)


def run(bench: Bench) -> None:
    """No worker runs meanwhile; the queue is purged after each round."""
    options = bench.options
    rounds = max(2, options.repeats)
    progress(
        f"producer: {options.producer_jobs} single submissions, batches of {options.batch_jobs}"
    )
    single = options.producer_jobs
    # Warm both paths (connections, imports) before measuring.
    raw_single(bench, 20)
    real_single(bench, 20)
    bench.clear_jobs()
    raw = real = 0.0
    for _ in range(rounds):  # interleaved, best of each: the machine is shared and noisy
        raw = max(raw, _best_of(1, "raw single", lambda: raw_single(bench, single), bench))
        real = max(real, _best_of(1, "submit_job", lambda: real_single(bench, single), bench))
    batch = options.batch_jobs
    raw_b = real_b = 0.0
    for _ in range(rounds):
        raw_b = max(raw_b, _best_of(1, "raw batch", lambda: raw_batch(bench, batch), bench))
        real_b = max(real_b, _best_of(1, "submit_jobs", lambda: real_batch(bench, batch), bench))
    bench.add(Figure("producer raw loop (psycopg2 + send_task)", raw, "jobs/s"))
    bench.add(
        Figure(
            "producer submit_job, one at a time",
            real,
            "jobs/s",
            goal=SINGLE_GOAL,
            direction="min",
            ratio=real / raw,
            reference="raw",
            goal_text=f">= {SINGLE_GOAL}x raw",
        )
    )
    bench.add(Figure(f"producer raw batched ({batch:,})", raw_b, "jobs/s"))
    bench.add(
        Figure(
            f"producer submit_jobs ({batch:,})",
            real_b,
            "jobs/s",
            goal=BATCH_GOAL,
            direction="min",
            ratio=real_b / raw_b,
            reference="raw batched",
            goal_text=f">= {BATCH_GOAL}x raw batched",
        )
    )
