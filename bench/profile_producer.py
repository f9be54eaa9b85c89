"""Profile `submit_job` in-process with pyinstrument (pip install -e '.[bench]').

    .venv/bin/python -m bench.profile_producer --jobs 2000

Uses the benchmark's own database and Redis prefix, removed at the end.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pyinstrument import Profiler

from bench.context import Bench
from bench.pipeline_bench import options_from, parse_args
from bench.scenarios.producer import real_single
from bench.servers import BenchServers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_producer")
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--all", action="store_true", help="show library frames too")
    args, rest = parser.parse_known_args(argv)
    bench_args = parse_args(rest)
    log_dir = Path(tempfile.mkdtemp(prefix="tailor-profile-"))
    with BenchServers(admin_url=bench_args.database_url, redis_url=bench_args.redis_url) as servers:
        bench = Bench(options=options_from(bench_args), servers=servers, log_dir=log_dir)
        bench.seed()
        real_single(bench, 50)  # warm: connections, compiled statements
        profiler = Profiler(interval=0.0005)
        with profiler:
            rate = real_single(bench, args.jobs)
        bench.clear_jobs()
    log_dir.rmdir()
    print(f"submit_job: {rate:,.0f}/s under the profiler")
    print(profiler.output_text(unicode=False, color=False, show_all=args.all))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
