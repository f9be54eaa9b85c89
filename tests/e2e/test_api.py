"""The HTTP API as clients use it: a real uvicorn process, PostgreSQL, Redis, S3 (moto's
server) and a real worker, all on loopback."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import boto3
import httpx
import pytest
import schemathesis
from hypothesis.errors import Unsatisfiable
from moto.server import ThreadedMotoServer
from schemathesis import CheckFunction, GenerationMode
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    positive_data_acceptance,
)

from tailor_core.auth.api_tokens import create_token, revoke_token
from tailor_core.jobs.quotas import set_user_quota
from tailor_core.webhooks import verify
from tailor_worker.app import app as webhook_app
from tailor_worker.routing import DELIVER_WEBHOOK as WEBHOOK_TASK
from tailor_worker.webhook_delivery import notify_if_finished
from tests.support import isolation
from tests.support.api import ApiServer, free_port, running_api, webhook_receiver
from tests.support.factories import RESUME, make_user
from tests.support.fuzz import fuzz
from tests.support.workers import child_env, messages_settled, running_workers, wait_until

pytestmark = pytest.mark.e2e

UPLOAD_LIMIT = 64 * 1024
BUCKET = "tailor-test"
PASSWORD = "correct-horse-battery"
POSTING = {
    "title": "Data Engineer",
    "company_name": "Globex",
    "job_description": "We need Python, PostgreSQL and Airflow experience.",
}


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    boto3.client(
        "s3",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    ).create_bucket(Bucket=BUCKET)
    yield url
    server.stop()


LOGIN_MAX_FAILURES = 5


@pytest.fixture(scope="module")
def stack(
    database: str, s3_endpoint: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ApiServer]:
    """One API process (uploads to S3) and one worker whose engine takes 0.5 s per job."""
    log_dir = tmp_path_factory.mktemp("api")
    isolation.empty_tables()
    env = child_env()
    env.update(
        {
            "PYTHONUNBUFFERED": "1",
            "TAILOR_ENGINE": "tests.support.engines:slow",
            "TAILOR_TEST_ENGINE_DELAY": "0.5",
            "TAILOR_MAX_UPLOAD_BYTES": str(UPLOAD_LIMIT),
            "TAILOR_STORAGE_URL": f"s3://{BUCKET}/uploads",
            "TAILOR_S3_ENDPOINT_URL": s3_endpoint,
            "TAILOR_S3_REGION": "us-east-1",
            "TAILOR_S3_ACCESS_KEY_ID": "test",
            "TAILOR_S3_SECRET_ACCESS_KEY": "test",
            # The webhook receivers listen on loopback, an address refused by default.
            "TAILOR_WEBHOOK_ALLOW_PRIVATE": "true",
            "TAILOR_LOGIN_MAX_FAILURES": str(LOGIN_MAX_FAILURES),
        }
    )
    with running_workers(1, env, log_dir), running_api(env, log_dir) as api:
        yield api


@pytest.fixture
def alice() -> dict[str, Any]:
    return _user_with_token()


@pytest.fixture
def bob() -> dict[str, Any]:
    return _user_with_token()


def _user_with_token() -> dict[str, Any]:
    user = make_user(password_hash=PASSWORD)
    token = create_token(user_id=user["id"], name="test")
    return {**user, "token": token["token"], "secret": token["webhook_secret"]}


def _upload(client: httpx.Client, text: str = RESUME, name: str = "resume.md") -> httpx.Response:
    return client.post("/v1/resumes", files={"file": (name, text.encode(), "text/markdown")})


def _resume_id(client: httpx.Client) -> int:
    response = _upload(client)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _submit(client: httpx.Client, resume_id: int, **extra: Any) -> httpx.Response:
    return client.post("/v1/jobs", json={"resume_id": resume_id, **POSTING, **extra})


def _wait_status(
    client: httpx.Client, job_id: int, wanted: str, timeout: float = 30
) -> dict[str, Any]:
    found: dict[str, Any] = {}

    def reached() -> bool:
        found.update(client.get(f"/v1/jobs/{job_id}").json())
        return found.get("status") == wanted

    assert wait_until(reached, timeout), f"job {job_id} is {found.get('status')}, not {wanted}"
    return found


def _problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["detail"]
    return body


def _worker_log(stack: ApiServer) -> str:
    """The log of the stack's one worker, written beside the API's (see `stack`)."""
    (path,) = stack.log_path.parent.glob("w0-*.log")
    return path.read_text(errors="replace")


def _webhook_settled(stack: ApiServer, job_id: int) -> bool:
    """Whether the job's webhook was delivered and no delivery task of it is left to run.

    The worker runs one task at a time and logs `job N: webhook ...` inside a delivery task,
    then the task's end (`succeeded`, or `retry` followed by the retry's `received`).
    """
    last: dict[str, str] = {}
    job_of_running = None
    for line in _worker_log(stack).splitlines():
        found = re.search(r"\] job (\d+): webhook", line)
        if found:
            job_of_running = int(found[1])
            continue
        task = re.search(rf"Task {WEBHOOK_TASK}\[([\w-]+)\] (received|retry|succeeded)", line)
        if task and (task[1] in last or (task[2] != "received" and job_of_running == job_id)):
            last[task[1]] = task[2]
    delivered = f"] job {job_id}: webhook delivered" in _worker_log(stack)
    return delivered and bool(last) and all(state == "succeeded" for state in last.values())


def test_health_and_readiness(stack: ApiServer) -> None:
    assert httpx.get(f"{stack.url}/healthz").json()["status"] == "ok"
    ready = httpx.get(f"{stack.url}/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": True, "broker": True}


def test_every_v1_call_needs_a_valid_bearer_token(stack: ApiServer, alice: dict[str, Any]) -> None:
    calls = [
        ("GET", "/v1/jobs"),
        ("GET", "/v1/resumes"),
        ("POST", "/v1/jobs"),
        ("GET", "/v1/jobs/1"),
    ]
    with stack.client() as anonymous, stack.client("tailor_not-a-real-token") as forged:
        for method, path in calls:
            response = anonymous.request(method, path)
            _problem(response, 401)
            assert response.headers["www-authenticate"] == "Bearer"
            _problem(forged.request(method, path), 401)
    with stack.client(alice["token"]) as client:
        assert client.get("/v1/jobs").status_code == 200
        revoke_token(
            next(t["id"] for t in _tokens_of(alice["id"]))  # the fixture's only token
        )
        _problem(client.get("/v1/jobs"), 401)


def _tokens_of(user_id: int) -> list[dict[str, Any]]:
    from tailor_core.auth.api_tokens import list_tokens

    return list_tokens(user_id=user_id)


def test_users_see_only_their_own_records(
    stack: ApiServer, alice: dict[str, Any], bob: dict[str, Any]
) -> None:
    with stack.client(alice["token"]) as a, stack.client(bob["token"]) as b:
        resume_id = _resume_id(a)
        job_id = _submit(a, resume_id).json()["id"]
        # Bob gets exactly what a missing id gets: nothing says Alice's records exist.
        missing = _problem(b.get("/v1/jobs/999999999"), 404)
        other = _problem(b.get(f"/v1/jobs/{job_id}"), 404)
        assert other["detail"] == missing["detail"].replace("999999999", str(job_id))
        _problem(b.get(f"/v1/resumes/{resume_id}"), 404)
        _problem(b.post(f"/v1/jobs/{job_id}/cancel"), 404)
        _problem(b.get(f"/v1/jobs/{job_id}/resume"), 404)
        _problem(b.delete(f"/v1/resumes/{resume_id}"), 404)
        _problem(_submit(b, resume_id), 404)
        assert b.get("/v1/jobs").json()["items"] == []
        assert b.get("/v1/resumes").json()["items"] == []
        _problem(b.get("/v1/jobs", headers={"X-Tailor-User-Id": str(alice["id"])}), 403)
        # Alice still has hers.
        assert a.get(f"/v1/resumes/{resume_id}").json()["parsed_text"].startswith("Alex Doe")
        assert [j["id"] for j in a.get("/v1/jobs").json()["items"]] == [job_id]


def test_a_service_token_acts_for_the_named_user_and_it_is_logged(
    stack: ApiServer, alice: dict[str, Any]
) -> None:
    service = create_token(user_id=None, name="billing-backend", service=True)
    with stack.client(service["token"]) as client:
        _problem(client.get("/v1/jobs"), 400)
        acting = {"X-Tailor-User-Id": str(alice["id"])}
        response = client.post(
            "/v1/resumes", files={"file": ("cv.txt", RESUME.encode())}, headers=acting
        )
        assert response.status_code == 201, response.text
        assert response.json()["user_id"] == alice["id"]
    assert wait_until(lambda: "billing-backend" in stack.log(), timeout=5)
    assert re.search(
        rf"service token \d+ \(billing-backend\) acts for user {alice['id']}", stack.log()
    )


def test_uploads_are_parsed_stored_and_limited(
    stack: ApiServer, alice: dict[str, Any], s3_endpoint: str
) -> None:
    with stack.client(alice["token"]) as client:
        created = _upload(client, name="cv.md")
        assert created.status_code == 201, created.text
        assert created.headers["location"] == f"/v1/resumes/{created.json()['id']}"
        big = "word " * (UPLOAD_LIMIT // 5 + 10)
        body = _problem(_upload(client, big, "big.txt"), 413)
        assert "limit" in body["detail"]
        huge = "x" * (UPLOAD_LIMIT * 3)
        _problem(_upload(client, huge, "huge.txt"), 413)  # refused before it is read
        _problem(_upload(client, "MZ\x90\x00", "setup.exe"), 415)
        _problem(_upload(client, "   ", "empty.txt"), 422)
        _problem(_upload(client, "not really a pdf", "cv.pdf"), 422)
        listing = client.get("/v1/resumes").json()["items"]
        assert [r["original_filename"] for r in listing] == ["cv.md"]
        deleted = client.delete(f"/v1/resumes/{created.json()['id']}")
        assert deleted.status_code == 204
        _problem(client.get(f"/v1/resumes/{created.json()['id']}"), 404)
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert all(key.startswith("uploads/resumes/") for key in keys)
    assert not [k for k in keys if k.startswith(f"uploads/resumes/{alice['id']}/")], (
        "the deleted resume's original is gone from storage"
    )


def test_submission_is_idempotent_and_finishes(stack: ApiServer, alice: dict[str, Any]) -> None:
    with stack.client(alice["token"]) as client:
        resume_id = _resume_id(client)
        first = _submit(client, resume_id, idempotency_key="order-42")
        assert first.status_code == 202, first.text
        job = first.json()
        assert job["created"] is True
        assert job["status_url"] == first.headers["location"] == f"/v1/jobs/{job['id']}"
        again = _submit(client, resume_id, idempotency_key="order-42")
        assert again.status_code == 202
        assert (again.json()["id"], again.json()["created"]) == (job["id"], False)
        _problem(_submit(client, resume_id, idempotency_key="order-42", title="Other"), 409)
        done = _wait_status(client, job["id"], "COMPLETED")
        assert done["tailored_resume_text"]
        assert done["attempts"] == 1
        markdown = client.get(f"/v1/jobs/{job['id']}/resume")
        assert markdown.headers["content-type"].startswith("text/markdown")
        assert markdown.text == done["tailored_resume_text"]
        docx = client.get(f"/v1/jobs/{job['id']}/resume", params={"format": "docx"})
        assert zipfile.ZipFile(io.BytesIO(docx.content)).testzip() is None
        pdf = client.get(f"/v1/jobs/{job['id']}/resume", params={"format": "pdf"})
        assert pdf.content.startswith(b"%PDF")
        _problem(client.get(f"/v1/jobs/{job['id']}/resume", params={"format": "exe"}), 422)


def test_bad_job_requests_get_specific_problems(stack: ApiServer, alice: dict[str, Any]) -> None:
    with stack.client(alice["token"]) as client:
        resume_id = _resume_id(client)
        _problem(client.post("/v1/jobs", json={"resume_id": resume_id}), 422)
        _problem(_submit(client, resume_id, title="   "), 422)
        _problem(_submit(client, resume_id, callback_url="ftp://example.com/x"), 422)
        _problem(_submit(client, resume_id, surprise=1), 422)
        _problem(
            client.post(
                "/v1/jobs", content=b"{not json", headers={"content-type": "application/json"}
            ),
            422,
        )
        _problem(client.get("/v1/jobs", params={"cursor": "garbage"}), 422)
        _problem(client.get("/v1/jobs", params={"status": "LOST"}), 422)


def test_a_quota_refusal_is_429_with_retry_after(stack: ApiServer, alice: dict[str, Any]) -> None:
    set_user_quota(alice["id"], max_in_flight=None, submissions_per_minute=1)
    with stack.client(alice["token"]) as client:
        resume_id = _resume_id(client)
        accepted = _submit(client, resume_id, priority="batch")
        assert accepted.status_code == 202, accepted.text
        refused = _submit(client, resume_id)
        body = _problem(refused, 429)
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        assert "submissions in the last minute" in body["detail"]
        _problem(_submit(client, resume_id, priority="urgent"), 422)


def test_a_batch_over_http_is_followed_and_only_by_its_owner(
    stack: ApiServer, alice: dict[str, Any], bob: dict[str, Any]
) -> None:
    postings = [{**POSTING, "title": f"Role {n}"} for n in range(3)]
    with stack.client(alice["token"]) as client:
        resume_id = _resume_id(client)
        accepted = client.post("/v1/batches", json={"resume_id": resume_id, "postings": postings})
        assert accepted.status_code == 202, accepted.text
        batch = accepted.json()
        assert (batch["total"], batch["priority"], len(batch["job_ids"])) == (3, "batch", 3)
        assert accepted.headers["Location"] == f"/v1/batches/{batch['id']}"
        _problem(client.post("/v1/batches", json={"resume_id": resume_id, "postings": []}), 422)
        many = {"resume_id": resume_id, "postings": [POSTING] * 1001}
        _problem(client.post("/v1/batches", json=many), 422)
        with stack.client(bob["token"]) as other:
            _problem(other.get(f"/v1/batches/{batch['id']}"), 404)
            _problem(other.post(f"/v1/batches/{batch['id']}/cancel"), 404)
        cancelled = client.post(f"/v1/batches/{batch['id']}/cancel").json()
        assert cancelled["finished"]
        shown = client.get(f"/v1/batches/{batch['id']}").json()
        assert shown["done"] == 3
        assert shown["percent"] == 100.0


def test_pages_follow_the_cursor(stack: ApiServer, alice: dict[str, Any]) -> None:
    with stack.client(alice["token"]) as client:
        resume_id = _resume_id(client)
        ids = [_submit(client, resume_id).json()["id"] for _ in range(5)]
        seen: list[int] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = client.get("/v1/jobs", params=params).json()
            seen += [item["id"] for item in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == sorted(ids, reverse=True)


def test_cancel_stops_the_job_and_its_webhook_is_signed(
    stack: ApiServer, alice: dict[str, Any]
) -> None:
    with webhook_receiver() as receiver, stack.client(alice["token"]) as client:
        resume_id = _resume_id(client)
        job = _submit(client, resume_id, callback_url=f"{receiver.url}/hooks/tailor").json()
        cancelled = client.post(f"/v1/jobs/{job['id']}/cancel")
        assert cancelled.status_code == 200, cancelled.text
        assert cancelled.json()["status"] == "CANCELLED"
        _problem(client.post(f"/v1/jobs/{job['id']}/cancel"), 409)
        assert wait_until(lambda: receiver.deliveries, timeout=20), "no webhook arrived"
        # A worker finishing late must not change the answer: look once the worker has dealt
        # with every message. Not "once it logged this job": a message is a doorbell that may
        # run another job queued earlier, so the job's own id may never be logged.
        assert wait_until(messages_settled, timeout=30), "a message was never handled"
        assert client.get(f"/v1/jobs/{job['id']}").json()["status"] == "CANCELLED"
    delivery = receiver.deliveries[0]
    assert delivery.path == "/hooks/tailor"
    assert verify(
        alice["secret"],
        delivery.headers["X-Tailor-Timestamp"],
        delivery.body,
        delivery.headers["X-Tailor-Signature"],
    )
    assert not verify(
        "another-secret",
        delivery.headers["X-Tailor-Timestamp"],
        delivery.body,
        delivery.headers["X-Tailor-Signature"],
    )
    assert delivery.json()["job"]["status"] == "CANCELLED"
    assert len(receiver.deliveries) == 1


def test_completion_webhook_is_retried_until_accepted(
    stack: ApiServer, alice: dict[str, Any]
) -> None:
    with webhook_receiver() as receiver, stack.client(alice["token"]) as client:
        receiver.answers = [503]  # the first delivery fails, the retry (after 2 s) succeeds
        resume_id = _resume_id(client)
        job = _submit(client, resume_id, callback_url=receiver.url).json()
        # Nothing but the worker enqueues this delivery: it learns of the callback URL from its
        # own finishing statement.
        assert wait_until(lambda: len(receiver.deliveries) >= 2, timeout=30), stack.log()[-2000:]
        # Then never again: every delivery task of this job has run to its end and none waits
        # for a retry (a further retry would come 4 s later), as the worker's log shows.
        settled = wait_until(lambda: _webhook_settled(stack, job["id"]), timeout=30)
        assert settled, _worker_log(stack)[-2000:]
    assert len(receiver.deliveries) == 2, "delivered once after one failure, then never again"
    first, second = receiver.deliveries
    assert first.body == second.body
    assert second.json()["job"]["id"] == job["id"]
    assert second.json()["job"]["status"] == "COMPLETED"
    assert verify(
        alice["secret"],
        second.headers["X-Tailor-Timestamp"],
        second.body,
        second.headers["X-Tailor-Signature"],
    )
    assert second.headers["X-Tailor-Delivery"] == f"job-{job['id']}"
    already_delivered = _worker_log(stack).count(": 'already-delivered'")
    notify_if_finished(job["id"])  # already delivered: nothing is enqueued or sent again
    # A delivery task sent after it, through the same queue to the same single worker, runs
    # after anything it enqueued: once that task is done, whatever notify sent has run too.
    after = webhook_app.send_task(WEBHOOK_TASK, args=[job["id"]])
    assert wait_until(lambda: f"[{after.id}] succeeded" in _worker_log(stack), timeout=30)
    log = _worker_log(stack)
    assert log.count(": 'already-delivered'") == already_delivered + 1, "notify enqueued one"
    assert len(receiver.deliveries) == 2


def test_login_gives_a_short_lived_token_and_never_says_which_part_was_wrong(
    stack: ApiServer, alice: dict[str, Any]
) -> None:
    with stack.client() as client:
        good = client.post("/v1/auth/login", json={"email": alice["email"], "password": PASSWORD})
        assert good.status_code == 200, good.text
        wrong_password = _problem(
            client.post("/v1/auth/login", json={"email": alice["email"], "password": "nope"}), 401
        )
        unknown = _problem(
            client.post("/v1/auth/login", json={"email": "nobody@example.com", "password": "x"}),
            401,
        )
        assert wrong_password == unknown
    with stack.client(good.json()["token"]) as client:
        assert client.get("/v1/jobs").status_code == 200


def test_repeated_failed_logins_are_throttled_even_with_the_right_password(
    stack: ApiServer,
) -> None:
    user = _user_with_token()
    wrong = {"email": user["email"], "password": "guess"}
    with stack.client() as client:
        for _ in range(LOGIN_MAX_FAILURES):
            assert client.post("/v1/auth/login", json=wrong).status_code == 401
        throttled = client.post(
            "/v1/auth/login", json={"email": user["email"].upper(), "password": PASSWORD}
        )
        assert throttled.status_code == 429, throttled.text
        assert int(throttled.headers["Retry-After"]) > 0
        other = _user_with_token()
        fine = client.post("/v1/auth/login", json={"email": other["email"], "password": PASSWORD})
        assert fine.status_code == 200, "the throttle is per address"


def _metric(text: str, name: str) -> float:
    match = re.search(rf"^{re.escape(name)} (\S+)$", text, re.MULTILINE)
    return float(match.group(1)) if match else 0.0


def test_metrics_move(stack: ApiServer, alice: dict[str, Any]) -> None:
    names = (
        "tailor_jobs_submitted_total",
        "tailor_jobs_completed_total",
        "tailor_tailoring_duration_seconds_count",
    )

    def read() -> dict[str, float]:
        text = httpx.get(f"{stack.url}/metrics").text
        assert "tailor_queue_depth" in text
        return {name: _metric(text, name) for name in names}

    before = read()
    with stack.client(alice["token"]) as client:
        job = _submit(client, _resume_id(client)).json()
        _wait_status(client, job["id"], "COMPLETED")
    assert wait_until(lambda: all(read()[n] > before[n] for n in names), timeout=15), (
        before,
        read(),
    )


# --- the OpenAPI document matches the behaviour ------------------------------------------------


@pytest.fixture(scope="module")
def schema_user(stack: ApiServer) -> dict[str, Any]:
    """A user with a resume and a job, so generated ids sometimes hit real records."""
    user = _user_with_token()
    with stack.client(user["token"]) as client:
        _submit(client, _resume_id(client))
    return user


def test_openapi_document_matches_the_running_app(
    stack: ApiServer, schema_user: dict[str, Any]
) -> None:
    """schemathesis generates requests from /openapi.json for every operation, valid and
    invalid, and checks each answer (status, content type, body schema) against the document."""
    schema = schemathesis.openapi.from_url(f"{stack.url}/openapi.json")
    auth = {"Authorization": f"Bearer {schema_user['token']}"}
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 12
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            excluded: list[CheckFunction] = []
            if operation.label == "POST /v1/resumes":
                # A schema cannot say "a readable PDF": a schema-valid upload may be refused.
                excluded.append(positive_data_acceptance)
            if mode is GenerationMode.NEGATIVE:
                # Unknown query parameters are ignored, as HTTP APIs commonly do; every answer
                # to invalid input must still be documented, typed and never a 5xx.
                excluded.append(negative_data_rejection)
            try:
                fuzz(operation, mode, auth, excluded, examples=8)
            except Unsatisfiable:
                # No parameters and no body (e.g. /healthz): nothing to make invalid.
                assert mode is GenerationMode.NEGATIVE, operation.label
