"""The language model's limit held across two real worker processes, against a fake provider.

The provider records when each request arrived; the limit (4 requests in any 2 s, the window
shortened from a minute so the test takes seconds) must hold across both workers, a 429 with
Retry-After must pause them, and no job may fail for either.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import text

from tailor_core.db.session import get_engine
from tailor_core.fleet import llm_limit
from tailor_core.jobs.producer import JobRequest, submit_jobs
from tailor_worker.publisher import publish_jobs
from tests.support.factories import make_resume, make_user
from tests.support.llm import fake_provider
from tests.support.workers import running_workers, wait_until

pytestmark = pytest.mark.e2e

JOBS = 24
LIMIT = 4
WINDOW = 2


def _statuses() -> Counter[str]:
    with get_engine().connect() as connection:
        rows = connection.execute(text("SELECT status, count(*) FROM jobs GROUP BY status"))
        return Counter({status: count for status, count in rows})  # noqa: C416


def test_the_limit_holds_across_two_workers_and_no_job_fails_for_it(
    clean_tables: None, worker_env: dict[str, str], tmp_path: Path
) -> None:
    llm_limit.clear()
    user = make_user()
    resume = make_resume(user["id"])
    requests = [
        JobRequest(user["id"], resume["id"], f"Role {n}", "Globex", f"Python and SQL {n}")
        for n in range(JOBS)
    ]
    with fake_provider(refuse={3}, retry_after=1.0) as provider:
        env = {
            **worker_env,
            "TAILOR_ENGINE": "llm",
            "TAILOR_LLM_BASE_URL": provider.url,
            "TAILOR_LLM_MODEL": "fake",
            "TAILOR_LLM_REQUESTS_PER_MINUTE": str(LIMIT),
            "TAILOR_LLM_LIMIT_WINDOW": str(WINDOW),
        }
        with running_workers(2, env, tmp_path, concurrency=2) as workers:
            submit_jobs(requests, publish_jobs)
            drained = wait_until(lambda: _statuses()["COMPLETED"] == JOBS, timeout=120)
            logs = "".join(worker.log() for worker in workers)
    assert drained, _statuses()
    assert _statuses() == Counter({"COMPLETED": JOBS})
    assert len(provider.refused) == 1
    assert len(provider.served) == JOBS
    # Arrival times carry a few milliseconds of jitter from the workers to the provider.
    assert provider.most_in_any_window(WINDOW - 0.05) <= LIMIT
    assert ": deferred" in logs, "a long wait hands the job back instead of sleeping"
    # Requests already on their way when the 429 came may land just after it; none is sent
    # during the pause.
    refused = provider.refused[0]
    paused = [t for t in provider.served if refused + 0.1 < t < refused + 0.95]
    assert paused == [], "the Retry-After was honoured by both workers"
    with get_engine().connect() as connection:
        attempts = connection.execute(text("SELECT max(attempts) FROM jobs")).scalar_one()
    assert attempts == 1, "a wait for the limit is not an attempt"
