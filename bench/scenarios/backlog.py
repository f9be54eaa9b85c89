"""A large queued backlog: steady drain rate per window, worker memory, list pages at size."""

from __future__ import annotations

import itertools
import time
from typing import Any

from bench import measure, workers
from bench.context import NOOP_ENGINE, Bench
from bench.report import Figure, progress

WINDOW = 10_000
RSS_GROWTH_GOAL = 0.10
PAGE_GOAL_MS = 50.0
POLL = 0.25


def drain(bench: Bench, count: int) -> dict[str, Any]:
    window = WINDOW if count >= 2 * WINDOW else max(1, count // 5)
    progress(f"  queueing {count:,} jobs (no worker running)")
    start = time.perf_counter()
    ids, _ = bench.submit(count)
    progress(f"  queued in {time.perf_counter() - start:.1f} s; starting the worker")
    first = ids[0]
    env = bench.servers.worker_env(TAILOR_ENGINE=NOOP_ENGINE)
    boundaries: list[tuple[int, float]] = []  # (jobs done, time)
    rss: dict[int, list[int]] = {}  # window index -> RSS samples (KiB)
    main_rss: dict[int, list[int]] = {}  # the same for the main process alone
    with workers.running(bench.spec(), "bench-backlog", env, bench.log_dir / "backlog.log") as w:
        begin = time.perf_counter()
        boundaries.append((0, begin))
        next_mark = window
        done = 0
        while done < count:
            time.sleep(POLL)
            done = count - measure.unfinished_jobs()
            now = time.perf_counter()
            window_index = min(done // window, count // window - 1)
            rss.setdefault(window_index, []).append(workers.rss_kib(w.pid))
            main_rss.setdefault(window_index, []).append(workers.main_rss_kib(w.pid))
            while done >= next_mark:
                boundaries.append((next_mark, now))
                rate = window / (now - boundaries[-2][1])
                progress(f"  {next_mark:,}/{count:,} done, last window {rate:,.0f} jobs/s")
                next_mark += window
            if now - begin > 1800:
                raise TimeoutError("the backlog did not drain in 30 minutes")
    rates = [(b[0] - a[0]) / (b[1] - a[1]) for a, b in itertools.pairwise(boundaries)]
    first_rss = measure.median([float(v) for v in rss.get(0, [0])])
    last_rss = measure.median([float(v) for v in rss.get(max(rss), [0])])
    completed = measure.count_jobs("COMPLETED", first_id=first)
    main_first = measure.median([float(v) for v in main_rss.get(0, [0])])
    main_last = measure.median([float(v) for v in main_rss.get(max(main_rss), [0])])
    return {
        "jobs": count,
        "window": window,
        "rates": [round(r, 1) for r in rates],
        "seconds": boundaries[-1][1] - begin,
        "first_rss_kib": first_rss,
        "last_rss_kib": last_rss,
        "main_first_rss_kib": main_first,
        "main_last_rss_kib": main_last,
        "completed": completed,
    }


def page_times(bench: Bench, total: int) -> dict[str, float]:
    """Median ms of the `tailor jobs list` queries at this table size."""
    from tailor_core.jobs.crud import get_all_jobs, get_jobs_by_user_id

    deep = max(0, total // 2)
    calls = {
        "first page": lambda: get_all_jobs(limit=50, offset=0),
        f"page at offset {deep:,}": lambda: get_all_jobs(limit=50, offset=deep),
        "status=COMPLETED page": lambda: get_all_jobs(limit=50, status="COMPLETED"),
        "status=FAILED page": lambda: get_all_jobs(limit=50, status="FAILED"),
        "user's first page": lambda: get_jobs_by_user_id(bench.user_id, limit=50),
    }
    return {name: measure.median(measure.timed(call, 15)) * 1000 for name, call in calls.items()}


def run(bench: Bench) -> None:
    count = bench.options.backlog
    result = drain(bench, count)
    rates = result["rates"]
    steady = min(rates) / max(rates) if rates else float("nan")
    growth = result["last_rss_kib"] / result["first_rss_kib"] - 1 if result["first_rss_kib"] else 0
    overall = count / result["seconds"]
    reference = bench.results.get("reference_rate")
    bench.add(
        Figure(
            f"backlog {count:,}: overall drain",
            overall,
            "jobs/s",
            ratio=overall / reference if isinstance(reference, float) else None,
            reference="ref",
            details=result,
        )
    )
    bench.add(
        Figure(
            "backlog: slowest/fastest window",
            steady,
            "",
            details={"window_rates": rates},
        )
    )
    bench.add(
        Figure(
            "backlog: worker RSS growth first->last window",
            growth * 100,
            "%",
            goal=RSS_GROWTH_GOAL * 100,
            direction="max",
            goal_text=f"< {RSS_GROWTH_GOAL:.0%}",
            details={k: v for k, v in result.items() if k.endswith("rss_kib")},
        )
    )
    for name, ms in page_times(bench, count).items():
        bench.add(
            Figure(
                f"jobs list at {count:,}: {name}",
                ms,
                "ms",
                goal=PAGE_GOAL_MS,
                direction="max",
                goal_text=f"< {PAGE_GOAL_MS:.0f} ms",
            )
        )
