"""How long the `tailor` CLI takes to start, beyond Python's own start-up.

    python -m bench.cli_startup [--runs 15]

Runs `python -c pass`, `tailor --help`, `tailor jobs --help` and a simple command that reads
the settings and fails fast (`tailor jobs list` against a database address nothing listens on,
so no server is needed) each --runs times, and prints the median wall time and the median
beyond `python -c pass`. Targets (issue 11): --help under 0.3 s, a simple command under 0.6 s
beyond Python's start-up. Figures: docs/PERFORMANCE.md.
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
}
TARGETS = {"tailor --help": 0.3, "tailor jobs list (no server)": 0.6}


def median_seconds(command: list[str], runs: int, cwd: str) -> float:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/"), **NOWHERE}
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=env, cwd=cwd, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as empty:  # no .env, no .tailor/
        baseline = median_seconds(CASES["python -c pass"], args.runs, empty)
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"{os.cpu_count()} cores, load average {load}, median of {args.runs} runs")
        print(f"{'command':<30} {'median':>8} {'beyond python':>14}  target")
        for name, command in CASES.items():
            seconds = (
                baseline if name == "python -c pass" else median_seconds(command, args.runs, empty)
            )
            target = TARGETS.get(name)
            verdict = ""
            if target is not None:
                ok = seconds - baseline < target
                verdict = f"< {target} s beyond python: {'yes' if ok else 'NO'}"
            print(f"{name:<30} {seconds:>7.3f}s {seconds - baseline:>13.3f}s  {verdict}")


if __name__ == "__main__":
    main()
