"""Engines for tests, selected with TAILOR_ENGINE=tests.support.engines:NAME."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from tailor_core.domain import JobPosting, TailoringResult
from tailor_core.errors import TransientError


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


def flaky(resume_text: str, posting: JobPosting) -> TailoringResult:
    """Transient for the first TAILOR_TEST_FLAKY_TIMES runs of each title ("always": every run).

    Runs are counted in files under TAILOR_TEST_FLAKY_DIR: a retry may run in another process.
    """
    times = os.environ.get("TAILOR_TEST_FLAKY_TIMES", "2")
    name = hashlib.sha256(posting.title.encode()).hexdigest()
    with (Path(os.environ["TAILOR_TEST_FLAKY_DIR"]) / name).open("ab") as runs:
        runs.write(b".")
        run = runs.tell()
    if times == "always" or run <= int(times):
        raise TransientError(f"the model is unreachable (run {run})")
    return echo(resume_text, posting)
