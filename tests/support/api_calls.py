"""Calls the end-to-end tests of the HTTP API make (tests/e2e/api): a user with a token, an
upload, a submission, waiting for a status, a problem+json answer, the worker's log."""

from __future__ import annotations

import re
from typing import Any

import httpx

from tailor_core.auth.api_tokens import create_token
from tailor_worker.routing import DELIVER_WEBHOOK as WEBHOOK_TASK
from tests.support.api import ApiServer
from tests.support.factories import RESUME, make_user
from tests.support.workers import wait_until

UPLOAD_LIMIT = 64 * 1024
LOGIN_MAX_FAILURES = 5
BUCKET = "tailor-test"
PASSWORD = "correct-horse-battery"
POSTING = {
    "title": "Data Engineer",
    "company_name": "Globex",
    "job_description": "We need Python, PostgreSQL and Airflow experience.",
}


def user_with_token() -> dict[str, Any]:
    user = make_user(password_hash=PASSWORD)
    token = create_token(user_id=user["id"], name="test")
    return {**user, "token": token["token"], "secret": token["webhook_secret"]}


def upload(client: httpx.Client, text: str = RESUME, name: str = "resume.md") -> httpx.Response:
    return client.post("/v1/resumes", files={"file": (name, text.encode(), "text/markdown")})


def uploaded_resume_id(client: httpx.Client) -> int:
    response = upload(client)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def submit(client: httpx.Client, resume_id: int, **extra: Any) -> httpx.Response:
    return client.post("/v1/jobs", json={"resume_id": resume_id, **POSTING, **extra})


def wait_status(
    client: httpx.Client, job_id: int, wanted: str, timeout: float = 30
) -> dict[str, Any]:
    found: dict[str, Any] = {}

    def reached() -> bool:
        found.update(client.get(f"/v1/jobs/{job_id}").json())
        return found.get("status") == wanted

    assert wait_until(reached, timeout), f"job {job_id} is {found.get('status')}, not {wanted}"
    return found


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """A problem+json answer with this status and a detail that says what to do."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json", response.text
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["detail"]
    assert "Traceback" not in body["detail"]
    return body


def worker_log(stack: ApiServer) -> str:
    """The log of the stack's one worker, written beside the API's (see `stack`)."""
    (path,) = stack.log_path.parent.glob("w0-*.log")
    return path.read_text(errors="replace")


def webhook_settled(stack: ApiServer, job_id: int) -> bool:
    """Whether the job's webhook was delivered and no delivery task of it is left to run.

    The worker runs one task at a time and logs `job N: webhook ...` inside a delivery task,
    then the task's end (`succeeded`, or `retry` followed by the retry's `received`).
    """
    last: dict[str, str] = {}
    job_of_running = None
    for line in worker_log(stack).splitlines():
        found = re.search(r"\] job (\d+): webhook", line)
        if found:
            job_of_running = int(found[1])
            continue
        task = re.search(rf"Task {WEBHOOK_TASK}\[([\w-]+)\] (received|retry|succeeded)", line)
        if task and (task[1] in last or (task[2] != "received" and job_of_running == job_id)):
            last[task[1]] = task[2]
    delivered = f"] job {job_id}: webhook delivered" in worker_log(stack)
    return delivered and bool(last) and all(state == "succeeded" for state in last.values())


def tokens_of(user_id: int) -> list[dict[str, Any]]:
    from tailor_core.auth.api_tokens import list_tokens

    return list_tokens(user_id=user_id)


def metric(text: str, name: str) -> float:
    match = re.search(rf"^{re.escape(name)} (\S+)$", text, re.MULTILINE)
    return float(match.group(1)) if match else 0.0
