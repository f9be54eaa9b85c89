"""Batches with real workers: progress, one webhook at the end, cancel as a whole."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from tailor_cli import cli
from tailor_core.auth.api_tokens import create_token
from tailor_core.db.session import get_engine
from tailor_core.errors import InvalidInput, NotFound
from tailor_core.jobs.batches import Posting, batch_progress, cancel_batch, submit_batch
from tailor_core.webhooks import verify
from tailor_worker.publisher import publish_jobs
from tests.support.api import webhook_receiver
from tests.support.factories import make_resume, make_user
from tests.support.workers import running_workers, wait_until

pytestmark = pytest.mark.e2e


def _postings(count: int) -> list[Posting]:
    return [Posting(f"Role {n}", "Globex", f"Python and SQL, posting {n}") for n in range(count)]


def test_a_batch_runs_reports_progress_and_sends_one_webhook(
    finish_log: Callable[[], list[tuple[int, str]]], worker_env: dict[str, str], tmp_path: Path
) -> None:
    user = make_user()
    resume = make_resume(user["id"])
    token = create_token(user_id=user["id"], name="batch")
    with webhook_receiver() as receiver, running_workers(1, worker_env, tmp_path, concurrency=2):
        batch = submit_batch(
            user_id=user["id"],
            resume_id=resume["id"],
            postings=_postings(40),
            publish_many=publish_jobs,
            callback_url=f"{receiver.url}/batch",
            callback_token_id=token["id"],
        )
        assert batch["total"] == 40
        assert len(batch["job_ids"]) == 40
        assert wait_until(lambda: batch_progress(user["id"], batch["id"])["finished"], 60)
        assert wait_until(lambda: receiver.deliveries, timeout=20), "no batch webhook"
        progress = batch_progress(user["id"], batch["id"])
        # More reads of a finished batch, and the webhook task's duplicates, send nothing more.
        batch_progress(user["id"], batch["id"])
        assert not wait_until(lambda: len(receiver.deliveries) > 1, timeout=2)
    assert progress["counts"]["COMPLETED"] == 40
    assert progress["percent"] == 100.0
    assert progress["finished_at"] is not None
    assert sorted(job for job, _ in finish_log()) == sorted(batch["job_ids"])
    delivery = receiver.deliveries[0]
    assert delivery.headers["X-Tailor-Delivery"] == f"batch-{batch['id']}"
    assert verify(
        token["webhook_secret"],
        delivery.headers["X-Tailor-Timestamp"],
        delivery.body,
        delivery.headers["X-Tailor-Signature"],
    )
    body = delivery.json()
    assert body["event"] == "batch.finished"
    assert body["batch"]["counts"]["COMPLETED"] == 40
    # Another user sees no such batch.
    with pytest.raises(NotFound):
        batch_progress(make_user()["id"], batch["id"])


def test_cancelling_a_batch_stops_its_queued_and_running_jobs(
    finish_log: Callable[[], list[tuple[int, str]]], worker_env: dict[str, str], tmp_path: Path
) -> None:
    env = {
        **worker_env,
        "TAILOR_ENGINE": "tests.support.engines:slow",
        "TAILOR_TEST_ENGINE_DELAY": "0.3",
        "TAILOR_LEASE_SECONDS": "2",
    }
    user = make_user()
    resume = make_resume(user["id"])
    with running_workers(1, env, tmp_path, concurrency=2):
        batch = submit_batch(
            user_id=user["id"],
            resume_id=resume["id"],
            postings=_postings(60),
            publish_many=publish_jobs,
        )
        assert wait_until(
            lambda: batch_progress(user["id"], batch["id"])["counts"]["COMPLETED"] >= 4, 60
        )
        cancelled = cancel_batch(user["id"], batch["id"])
        # Running jobs stop at their next lease renewal; their fenced finish changes nothing.
        assert wait_until(lambda: len({job for job, _ in finish_log()}) == 60, timeout=30), (
            finish_log()
        )
        final = batch_progress(user["id"], batch["id"])
    assert cancelled["cancelled_at"] is not None
    assert cancelled["finished"]
    assert final["counts"]["PENDING"] == final["counts"]["PROCESSING"] == 0
    assert final["counts"]["COMPLETED"] + final["counts"]["CANCELLED"] == 60
    assert final["counts"]["CANCELLED"] >= 40
    log = finish_log()
    assert len(log) == 60, "each job reached one final status, exactly once"


def test_batch_limits_and_the_cli(clean_tables: None, tmp_path: Path) -> None:
    user = make_user()
    resume = make_resume(user["id"])
    with pytest.raises(InvalidInput, match="at most 1000"):
        submit_batch(
            user_id=user["id"],
            resume_id=resume["id"],
            postings=_postings(1001),
            publish_many=lambda ids: None,
        )
    with pytest.raises(InvalidInput, match="posting #2"):
        submit_batch(
            user_id=user["id"],
            resume_id=resume["id"],
            postings=[*_postings(1), Posting(" ", "Globex", "x")],
            publish_many=lambda ids: None,
        )
    lines = [json.dumps(p.__dict__) for p in _postings(3)]
    postings = tmp_path / "postings.jsonl"
    postings.write_text("\n".join(lines) + "\n")
    runner = CliRunner()
    args = ["jobs", "submit-batch", "--user-id", str(user["id"]), "--resume-id"]
    result = runner.invoke(cli, [*args, str(resume["id"]), "--postings-file", str(postings)])
    assert result.exit_code == 0, result.output
    batch_id = int(result.output.split()[1])
    shown = json.loads(runner.invoke(cli, ["jobs", "batch", str(batch_id), "--json"]).output)
    assert shown["total"] == 3
    assert shown["priority"] == "batch"
    result = runner.invoke(cli, ["jobs", "cancel-batch", str(batch_id)])
    assert "cancelled 3" in result.output
    result = runner.invoke(cli, ["jobs", "wait", "--batch", str(batch_id), "--timeout", "5"])
    assert result.exit_code == 1  # ended, but not every job COMPLETED
    assert "3/3 100.0%" in result.output


def test_cancelling_a_batchs_last_job_one_by_one_ends_the_batch(clean_tables: None) -> None:
    user = make_user()
    resume = make_resume(user["id"])
    batch = submit_batch(
        user_id=user["id"],
        resume_id=resume["id"],
        postings=_postings(2),
        publish_many=lambda ids: None,
    )
    runner = CliRunner()
    first, last = batch["job_ids"]
    assert runner.invoke(cli, ["jobs", "cancel", str(first)]).exit_code == 0
    shown = json.loads(runner.invoke(cli, ["jobs", "show", str(first), "--json"]).output)
    assert (shown["batch_id"], shown["priority"]) == (batch["id"], "batch")
    with get_engine().connect() as connection:
        ended = "SELECT finished_at IS NOT NULL FROM batches WHERE id = :id"
        assert connection.execute(text(ended), {"id": batch["id"]}).scalar_one() is False
        assert runner.invoke(cli, ["jobs", "cancel", str(last)]).exit_code == 0
        assert connection.execute(text(ended), {"id": batch["id"]}).scalar_one() is True
