"""Load the engine's data once, before the first job, and keep the garbage collector off it."""

from __future__ import annotations

import gc
from datetime import date

from tailor_core.domain import JobPosting
from tailor_core.engine.api import tailor_resume

_RESUME = """Sam Lee
## Experience
Data Analyst, Acme | 2020 - 2024
- Built SQL reports in Python and Excel
## Skills
SQL, Python, Postgres
"""
_POSTING = JobPosting(
    title="Data Analyst",
    company_name="Example",
    description="Requirements: 3+ years of SQL, Python and PostgreSQL. Bachelor's degree.",
)


def warm_up() -> None:
    """Read the lexicon, the vocabulary and the word frequencies, then freeze them for the GC.

    A worker calls this once, before it takes jobs and before its pool forks. Tailoring one
    small sample loads every table a job uses; gc.freeze() then moves everything loaded so far
    out of the collector's generations, so no full collection walks the vocabulary while a job
    runs (two-page p99 about 17 -> 10 ms, docs/TAILORING.md) and forked children keep sharing
    those pages instead of copying them when the collector touches them.
    """
    tailor_resume(_RESUME, _POSTING, date(2026, 1, 1))
    gc.collect()
    gc.freeze()
