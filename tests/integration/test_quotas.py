"""Per-user quotas: jobs in flight and submissions per minute, defaults and overrides."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tailor_cli import cli
from tailor_core.errors import QuotaExceeded
from tailor_core.jobs.crud import cancel_job
from tailor_core.jobs.producer import JobRequest, submit_job, submit_jobs
from tailor_core.jobs.quotas import clear_user_quota, get_user_quota, set_user_quota
from tests.support.factories import make_resume, make_user, posting
from tests.support.settings import settings_env


def _submit(user_id: int, resume_id: int, idempotency_key: str | None = None) -> dict[str, object]:
    published: list[int] = []
    return submit_job(
        user_id=user_id,
        resume_id=resume_id,
        publish=published.append,
        idempotency_key=idempotency_key,
        **posting(),
    )


@pytest.mark.parametrize("idempotent", [False, True])
def test_jobs_in_flight_are_capped_by_the_default(clean_tables: None, idempotent: bool) -> None:
    user = make_user()
    resume = make_resume(user["id"])
    keys = iter(f"k{n}" for n in range(10))

    def extra() -> dict[str, str]:
        return {"idempotency_key": next(keys)} if idempotent else {}

    with settings_env(TAILOR_QUOTA_MAX_IN_FLIGHT="3"):
        jobs = [_submit(user["id"], resume["id"], **extra()) for _ in range(3)]
        with pytest.raises(QuotaExceeded) as refused:
            _submit(user["id"], resume["id"], **extra())
        assert refused.value.limit == "max_in_flight"
        assert refused.value.retry_after > 0
        assert "3 jobs queued or running" in refused.value.message
        # A finished job frees its place.
        cancel_job(int(str(jobs[0]["id"])))
        _submit(user["id"], resume["id"], **extra())
        # Another user is not affected.
        other = make_user()
        _submit(other["id"], make_resume(other["id"])["id"])


def test_submissions_per_minute_and_an_operators_override(clean_tables: None) -> None:
    user = make_user()
    resume = make_resume(user["id"])
    with settings_env(TAILOR_QUOTA_SUBMISSIONS_PER_MINUTE="2"):
        _submit(user["id"], resume["id"])
        _submit(user["id"], resume["id"])
        with pytest.raises(QuotaExceeded) as refused:
            _submit(user["id"], resume["id"])
        assert refused.value.limit == "submissions_per_minute"
        assert 1 <= refused.value.retry_after <= 60
        shown = set_user_quota(user["id"], max_in_flight=None, submissions_per_minute=5)
        assert shown["submissions_per_minute"] == 5
        assert shown["submissions_per_minute_source"] == "user"
        _submit(user["id"], resume["id"])
        assert get_user_quota(user["id"])["in_flight"] == 3
        set_user_quota(user["id"], max_in_flight=3, submissions_per_minute=0)
        with pytest.raises(QuotaExceeded) as refused:
            _submit(user["id"], resume["id"])
        assert refused.value.limit == "max_in_flight"
        assert clear_user_quota(user["id"])
        assert get_user_quota(user["id"])["submissions_per_minute_source"] == "default"


def test_a_bulk_submission_is_refused_whole_when_it_would_pass_the_limit(
    clean_tables: None,
) -> None:
    user = make_user()
    resume = make_resume(user["id"])
    requests = [JobRequest(user["id"], resume["id"], "T", "C", "D")] * 5
    set_user_quota(user["id"], max_in_flight=4, submissions_per_minute=None)
    with pytest.raises(QuotaExceeded):
        submit_jobs(requests, lambda ids: None)
    assert get_user_quota(user["id"])["in_flight"] == 0
    assert len(submit_jobs(requests[:4], lambda ids: None)) == 4


def test_an_operator_sets_and_clears_a_users_quota_with_the_cli(clean_tables: None) -> None:
    user = make_user()
    runner = CliRunner()
    args = ["users", "quota", "--user-id", str(user["id"])]
    result = runner.invoke(cli, [*args, "--max-in-flight", "7", "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert (shown["max_in_flight"], shown["max_in_flight_source"]) == (7, "user")
    result = runner.invoke(cli, [*args, "--submissions-per-minute", "30", "--json"])
    shown = json.loads(result.output)
    assert (shown["max_in_flight"], shown["submissions_per_minute"]) == (7, 30)
    result = runner.invoke(cli, [*args, "--clear", "--json"])
    assert json.loads(result.output)["max_in_flight_source"] == "default"
    result = runner.invoke(cli, ["users", "quota", "--user-id", "999999"])
    assert result.exit_code != 0
    assert "user 999999 not found" in str(result.exception)
