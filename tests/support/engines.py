"""Engines for tests, selected with TAILOR_ENGINE=tests.support.engines:NAME."""

from __future__ import annotations

import os
import time

from tailor_core.domain import JobPosting, TailoringResult


def echo(resume_text: str, posting: JobPosting) -> TailoringResult:
    return TailoringResult(resume_text, {"engine": "echo", "title": posting.title})


def always_fails(resume_text: str, posting: JobPosting) -> TailoringResult:
    raise RuntimeError(f"engine exploded on purpose for {posting.title!r}")


def fails_when_asked(resume_text: str, posting: JobPosting) -> TailoringResult:
    if "EXPLODE" in posting.title:
        raise RuntimeError("engine exploded on purpose")
    return echo(resume_text, posting)


def slow(resume_text: str, posting: JobPosting) -> TailoringResult:
    # Only the test settings set this: it makes a run long enough to kill a worker mid-job.
    time.sleep(float(os.environ.get("TAILOR_TEST_ENGINE_DELAY", "0.05")))
    return echo(resume_text, posting)


def poison(resume_text: str, posting: JobPosting) -> TailoringResult:
    # A job that takes its process down every time, like a parser segfault.
    if "POISON" in posting.title:
        os.kill(os.getpid(), 9)
    return slow(resume_text, posting)
