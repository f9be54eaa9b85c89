"""Tailor's pipeline benchmark: every figure is a ratio against a reference from the same run.

    .venv/bin/python -m bench.pipeline_bench --quick        # about 2 minutes
    .venv/bin/python -m bench.pipeline_bench --json out.json # the full run, at most ~10 minutes

It creates its own PostgreSQL database and Redis key prefix and removes both at the end, also on
Ctrl-C. See docs/PERFORMANCE.md for the method and recent results.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import time
from pathlib import Path
from types import FrameType

if __package__ in (None, ""):  # run as `python bench/pipeline_bench.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.context import Bench, Options
from bench.report import markdown, progress, table, write_json
from bench.servers import DEFAULT_ADMIN_URL, DEFAULT_REDIS_URL, BenchServers

SCENARIOS = ("producer", "throughput", "statements", "engine", "backlog")
OPTIONAL = ("tuning",)  # run only when named with --only


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.pipeline_bench",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    parser.add_argument("--quick", action="store_true", help="a small run, about 2 minutes")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("TAILOR_BENCH_DATABASE_URL", DEFAULT_ADMIN_URL),
        help="admin URL; the benchmark creates and drops its own database there "
        "(env TAILOR_BENCH_DATABASE_URL)",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("TAILOR_BENCH_REDIS_URL", DEFAULT_REDIS_URL),
        help="Redis; the benchmark uses its own key prefix and deletes it "
        "(env TAILOR_BENCH_REDIS_URL)",
    )
    parser.add_argument(
        "--pool", default="prefork", help="worker pool, for both reference and pipeline"
    )
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes/threads")
    parser.add_argument(
        "--backlog", type=int, help="jobs in the backlog run (100000 full, 5000 quick)"
    )
    parser.add_argument(
        "--only",
        choices=SCENARIOS + OPTIONAL,
        action="append",
        help="run only these scenarios (repeatable)",
    )
    parser.add_argument("--json", type=Path, help="write the results to this file")
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    parser.add_argument("--keep-logs", action="store_true", help="keep the worker logs folder")
    return parser.parse_args(argv)


def options_from(args: argparse.Namespace) -> Options:
    quick = bool(args.quick)
    return Options(
        quick=quick,
        pool=args.pool,
        concurrency=args.concurrency,
        reference_jobs=2000 if quick else 6000,
        pipeline_jobs=2000 if quick else 6000,
        engine_jobs=300 if quick else 1500,
        latency_samples=50 if quick else 200,
        producer_jobs=500 if quick else 2000,
        batch_jobs=10_000,
        statement_jobs=100 if quick else 500,
        backlog=args.backlog or (5000 if quick else 100_000),
        repeats=1 if quick else 2,
    )


def _interrupt(signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def run(args: argparse.Namespace) -> int:
    options = options_from(args)
    chosen = args.only or list(SCENARIOS)
    log_dir = Path(tempfile.mkdtemp(prefix="tailor-bench-logs-"))
    started = time.monotonic()
    with BenchServers(admin_url=args.database_url, redis_url=args.redis_url) as servers:
        progress(f"database {servers.database_name}, Redis prefix {servers.redis_prefix}")
        progress(f"worker logs in {log_dir}")
        bench = Bench(options=options, servers=servers, log_dir=log_dir)
        bench.seed()
        from bench.scenarios import backlog, engine, producer, statements, throughput, tuning

        modules = {
            "producer": producer,
            "throughput": throughput,
            "statements": statements,
            "engine": engine,
            "backlog": backlog,
            "tuning": tuning,
        }
        try:
            for name in SCENARIOS + OPTIONAL:
                if name in chosen:
                    progress(f"== {name}")
                    modules[name].run(bench)
                    bench.clear_jobs()
        except KeyboardInterrupt:
            if bench.figures:
                print(table(bench.figures), "\n(interrupted: partial results)", flush=True)
            raise
    progress(f"done in {time.monotonic() - started:.0f} s; database and Redis keys removed")
    print(table(bench.figures))
    if args.markdown:
        print()
        print(markdown(bench.figures))
    if args.json:
        settings = {**vars(options), "scenarios": chosen}
        write_json(args.json, bench.figures, settings)
        progress(f"wrote {args.json}")
    if not args.keep_logs:
        for path in log_dir.glob("*"):
            path.unlink()
        log_dir.rmdir()
    failed = [f.name for f in bench.figures if f.passed is False]
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        return run(args)
    except KeyboardInterrupt:
        progress("interrupted; cleaned up")
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
