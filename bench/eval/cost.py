"""What the engine costs: time per job (p50, p99, one core) and a worker's memory for its data."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.eval import TODAY
from tailor_core.engine import tailor_resume
from tailor_core.engine.knowledge.lexicon import clear_caches
from tailor_core.engine.warm import warm_up
from tests.eval.corpus import load_cases


def timing() -> dict[str, Any]:
    """Engine time per job, cold (the per-line caches cleared before each job, as a worker
    meets a resume it has not seen): one-page resumes (the corpus as written) and two-page ones
    (two corpus resumes joined, about 580 words), every case three times."""
    cases = load_cases()
    if hasattr(os, "sched_setaffinity"):  # one core, as bench/engine_bench.py: steadier figures
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    for case in cases:  # warm-up: vocabulary and word lists load once per process
        tailor_resume(case.resume, case.posting, TODAY)
    warm_up()  # and are frozen for the GC, as a worker does before its first job
    figures: dict[str, Any] = {}
    for label, pages in (("one_page", 1), ("two_pages", 2)):
        samples = []
        for _ in range(3):
            for position, case in enumerate(cases):
                resume = "\n".join(
                    cases[(position + page) % len(cases)].resume for page in range(pages)
                )
                clear_caches()
                start = time.perf_counter()
                tailor_resume(resume, case.posting, TODAY)
                samples.append((time.perf_counter() - start) * 1000)
        samples.sort()
        figures[label] = {
            "jobs": len(samples),
            "p50_ms": round(samples[len(samples) // 2], 2),
            "p99_ms": round(samples[math.ceil(len(samples) * 0.99) - 1], 2),
        }
    return figures


_MEMORY_PROBE = """
import resource, sys
def rss():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()
import tailor_core.engine
from datetime import date
from tests.eval.corpus import load_cases
case = load_cases()[0]
loaded = rss()
tailor_core.engine.tailor_resume(case.resume, case.posting, date(2026, 11, 1))
print(loaded, rss())
"""


def memory() -> dict[str, float]:
    """RSS a fresh process gains from the vocabulary and word frequencies: measured from after
    the engine's modules are imported to after its first job (which loads them)."""
    output = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    ).stdout.split()
    loaded, after = (int(value) for value in output)
    return {"first_job_rss_growth_mb": round((after - loaded) / 2**20, 1)}
