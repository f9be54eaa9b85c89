"""Profile Tailor's worker on the no-op engine with py-spy (pip install -e '.[bench]').

    .venv/bin/python -m bench.profile_worker --jobs 6000 --seconds 20

Starts the benchmark's own database, Redis prefix and a `celery -A tailor_worker worker`, queues
jobs, samples the worker's main process and pool children while they drain, and prints the
functions with the most inclusive and self time, per process role. Cleans up like the bench.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import workers
from bench.context import NOOP_ENGINE, Bench
from bench.pipeline_bench import options_from, parse_args
from bench.report import progress
from bench.servers import BenchServers


def summarize(raw: Path, top: int) -> str:
    """py-spy's raw (collapsed) output: 'process;frame;...;frame count' per line."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack:
            continue
        count = int(count_text)
        frames = stack.split(";")
        total += count
        for frame in set(frames[1:]):
            inclusive[frame] += count
        own[frames[-1]] += count
    lines = [f"{total} samples", "", "inclusive (% of samples):"]
    lines += [f"  {100 * n / total:5.1f}%  {frame}" for frame, n in inclusive.most_common(top)]
    lines += ["", "self (% of samples):"]
    lines += [f"  {100 * n / total:5.1f}%  {frame}" for frame, n in own.most_common(top)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_worker")
    parser.add_argument("--jobs", type=int, default=6000)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--engine", default=NOOP_ENGINE, help="TAILOR_ENGINE for the worker")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--out", type=Path, help="keep py-spy's raw output here")
    args, rest = parser.parse_known_args(argv)
    bench_args = parse_args(rest)
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    log_dir = Path(tempfile.mkdtemp(prefix="tailor-profile-"))
    raw = args.out or log_dir / "profile.txt"
    with BenchServers(admin_url=bench_args.database_url, redis_url=bench_args.redis_url) as servers:
        bench = Bench(options=options_from(bench_args), servers=servers, log_dir=log_dir)
        bench.seed()
        env = servers.worker_env(TAILOR_ENGINE=args.engine)
        with workers.running(bench.spec(), "profile", env, log_dir / "worker.log") as worker:
            bench.submit(args.jobs)
            time.sleep(1)
            progress(f"sampling pid {worker.pid} and its children for {args.seconds} s")
            subprocess.run(
                [
                    py_spy,
                    "record",
                    "--pid",
                    str(worker.pid),
                    "--subprocesses",
                    "--duration",
                    str(args.seconds),
                    "--rate",
                    "250",
                    "--format",
                    "raw",
                    "--output",
                    str(raw),
                    "--nonblocking",
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        bench.clear_jobs()
    print(summarize(raw, args.top))
    shutil.rmtree(log_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
