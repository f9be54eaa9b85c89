"""Database cost per job, counted at the wire: process_job in-process on the no-op engine."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable

from sqlalchemy.engine import make_url

from bench.context import Bench
from bench.engines import noop
from bench.report import Figure, progress
from tests.support.proxy import PostgresRoundTrips, TcpProxy, database_url_counted

GOAL = 4.0


def _counted(
    bench: Bench, warm_up: Callable[[], None], work: Callable[[], None]
) -> PostgresRoundTrips:
    """Run `work` with this process's database connections going through a counting proxy."""
    from tailor_core.db.session import reset_engine

    url = make_url(bench.servers.database_url)
    original = os.environ["DATABASE_URL"]
    counter = PostgresRoundTrips()
    with TcpProxy(url.host or "127.0.0.1", url.port or 5432, watch_client=counter) as proxy:
        os.environ["DATABASE_URL"] = database_url_counted(original, proxy)
        reset_engine()
        try:
            warm_up()  # open the pool's connections and compile the statements
            counter.reset()
            work()
        finally:
            os.environ["DATABASE_URL"] = original
            reset_engine()
    return counter


def count_per_job(bench: Bench, count: int) -> tuple[float, Counter[str], int]:
    """Round trips per job, statements by kind, and connections opened while measuring."""
    from tailor_core.jobs.processing import process_job

    ids, _ = bench.submit(count + 5, publish=False)

    def process(job_ids: list[int]) -> None:
        for job_id in job_ids:
            process_job(job_id, noop)

    counter = _counted(bench, lambda: process(ids[:5]), lambda: process(ids[5:]))
    return counter.round_trips / count, counter.statements(), counter.connections


def count_per_submit(bench: Bench, count: int) -> tuple[float, Counter[str]]:
    """Round trips per `submit_job` (the publish is a no-op: only the database is counted)."""

    def submit(times: int) -> None:
        for _ in range(times):
            bench.submit_one(lambda _job_id: None)

    counter = _counted(bench, lambda: submit(5), lambda: submit(count))
    return counter.round_trips / count, counter.statements()


def run(bench: Bench) -> None:
    count = bench.options.statement_jobs
    per_job, statements, connections = count_per_job(bench, count)
    kinds = {kind: round(n / count, 2) for kind, n in statements.most_common()}
    progress(f"  per job: {kinds}; {connections} new connection(s)")
    bench.add(
        Figure(
            "DB round trips per job (wire)",
            per_job,
            "trips",
            goal=GOAL,
            direction="max",
            goal_text=f"<= {GOAL:.0f}",
            details={"per_job": kinds, "jobs": count, "new_connections": connections},
        )
    )
    bench.results["statements_per_job"] = kinds
    submit_trips, submitted = count_per_submit(bench, count)
    submit_kinds = {kind: round(n / count, 2) for kind, n in submitted.most_common()}
    progress(f"  per submit_job: {submit_kinds}")
    bench.add(
        Figure(
            "DB round trips per submit_job (wire)",
            submit_trips,
            "trips",
            details={"per_submit": submit_kinds, "submissions": count},
        )
    )
