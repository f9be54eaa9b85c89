"""How long the `tailor` CLI takes to start, beyond Python's own start-up.

    python -m bench.cli_startup [--runs 15]

Runs `python -c pass`, `tailor --help`, `tailor jobs --help` and two simple commands that read
the settings and fail fast (`tailor jobs list` and `tailor users list` against a database
address nothing listens on, so no server is needed) each --runs times, and prints the median
wall time, the median beyond `python -c pass`, and the median CPU time (user + system) of the
process: on a machine shared with other work the wall time grows with the load, the CPU time
much less. Targets (issue 11): --help under 0.3 s, a simple command under 0.6 s beyond Python's
start-up. Figures: docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
NOWHERE = {"DATABASE_URL": "postgresql://u@127.0.0.1:9/none", "REDIS_URL": "redis://127.0.0.1:9/0"}
CASES = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "tailor --help": [str(BIN / "tailor"), "--help"],
    "tailor jobs --help": [str(BIN / "tailor"), "jobs", "--help"],
    "tailor jobs list (no server)": [str(BIN / "tailor"), "jobs", "list"],
    "tailor users list (no server)": [str(BIN / "tailor"), "users", "list"],
}
TARGETS = {
    "tailor --help": 0.3,
    "tailor jobs list (no server)": 0.6,
    "tailor users list (no server)": 0.6,
}


def median_seconds(command: list[str], runs: int, cwd: str) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of the process."""
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/"), **NOWHERE}
    walls, cpus = [], []
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, _, usage = os.wait4(process.pid, 0)
        walls.append(time.perf_counter() - started)
        cpus.append(usage.ru_utime + usage.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as empty:  # no .env, no .tailor/
        baseline, baseline_cpu = median_seconds(CASES["python -c pass"], args.runs, empty)
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"{os.cpu_count()} cores, load average {load}, median of {args.runs} runs")
        print(f"{'command':<30} {'median':>8} {'beyond python':>14} {'cpu beyond':>11}  target")
        for name, command in CASES.items():
            if name == "python -c pass":
                seconds, cpu = baseline, baseline_cpu
            else:
                seconds, cpu = median_seconds(command, args.runs, empty)
            target = TARGETS.get(name)
            verdict = ""
            if target is not None:
                ok = seconds - baseline < target
                verdict = f"< {target} s beyond python: {'yes' if ok else 'NO'}"
            print(
                f"{name:<30} {seconds:>7.3f}s {seconds - baseline:>13.3f}s "
                f"{cpu - baseline_cpu:>10.3f}s  {verdict}"
            )


if __name__ == "__main__":
    main()
