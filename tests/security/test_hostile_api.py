"""The probes of issue 12 against a live API: each hostile input gets a clear 4xx problem+json
in bounded time, and another user's requests and jobs are untouched."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from tailor_api.login_throttle import VERIFY_SLOTS
from tests.support.api import ApiServer
from tests.support.api_calls import LOGIN_MAX_FAILURES, PASSWORD, problem, user_with_token
from tests.support.factories import RESUME
from tests.support.hostile import billion_laughs_docx, many_paragraphs_docx, unclosed_tag_docx
from tests.support.workers import wait_until

pytestmark = [pytest.mark.security, pytest.mark.e2e]

POSTING = {
    "title": "Data Engineer",
    "company_name": "Globex",
    "job_description": "We need Python, PostgreSQL and Airflow experience.",
}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _post_json(client: httpx.Client, path: str, body: Any) -> httpx.Response:
    # json.dumps escapes NUL and lone surrogates as \\uXXXX, as an attacker's client would.
    return client.post(
        path, content=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )


def _upload(client: httpx.Client, name: str, data: bytes, kind: str) -> httpx.Response:
    return client.post("/v1/resumes", files={"file": (name, data, kind)})


def _completed_job(client: httpx.Client) -> dict[str, Any]:
    created = _upload(client, "resume.md", RESUME.encode(), "text/markdown")
    assert created.status_code == 201, created.text
    submitted = client.post("/v1/jobs", json={"resume_id": created.json()["id"], **POSTING})
    assert submitted.status_code == 202, submitted.text
    job_id = submitted.json()["id"]
    found: dict[str, Any] = {}

    def done() -> bool:
        found.update(client.get(f"/v1/jobs/{job_id}").json())
        return bool(found["status"] == "COMPLETED")

    assert wait_until(done, timeout=30), found
    return found


def _rss_bytes(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise AssertionError(f"no {field} for process {pid}")


# --- 1. NUL bytes and other characters PostgreSQL refuses -------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"email": "a\u0000@example.com", "password": "x"},
        {"email": "a@example.com\u0001", "password": "x"},
        {"email": "a\ud800@example.com", "password": "x"},
    ],
)
def test_login_with_a_nul_or_surrogate_is_a_422(hostile_stack: ApiServer, body: Any) -> None:
    with hostile_stack.client() as client:
        problem(_post_json(client, "/v1/auth/login", body), 422)


@pytest.mark.parametrize(
    "field", ["title", "company_name", "job_description", "idempotency_key", "callback_url"]
)
@pytest.mark.parametrize("bad", ["a\u0000b", "a\udfffb"])
def test_nul_or_surrogate_anywhere_in_a_job_is_a_422(
    hostile_stack: ApiServer, field: str, bad: str
) -> None:
    user = user_with_token()
    with hostile_stack.client(user["token"]) as client:
        problem(_post_json(client, "/v1/jobs", {"resume_id": 1, **POSTING, field: bad}), 422)


def test_hidden_characters_in_an_upload_name_are_stripped(hostile_stack: ApiServer) -> None:
    user = user_with_token()
    with hostile_stack.client(user["token"]) as client:
        for name in ("cv\u0000.md", "cv\u202edm.exe.md", "cv\u2066\u0007x.md"):
            answer = _upload(client, name, RESUME.encode(), "text/markdown")
            assert answer.status_code == 201, answer.text
            stored = answer.json()["original_filename"]
            assert stored.endswith(".md")
            assert not any(ch in stored for ch in "\u0000\u202e\u2066\u0007"), stored


# --- 2 and 3. Hostile .docx files: refused while parsing, off the API's own process ------------


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (unclosed_tag_docx, "malformed XML"),
        (billion_laughs_docx, "declares XML entities"),
        (many_paragraphs_docx, "more than 5,000 paragraphs"),
    ],
)
def test_hostile_docx_is_a_quick_422(hostile_stack: ApiServer, make: Any, says: str) -> None:
    user = user_with_token()
    with hostile_stack.client(user["token"]) as client:
        started = time.monotonic()
        body = problem(_upload(client, "cv.docx", make(), DOCX), 422)
        assert time.monotonic() - started < 10
    assert says in body["detail"]


def test_hostile_uploads_do_not_slow_another_user(hostile_stack: ApiServer) -> None:
    attacker, bob = user_with_token(), user_with_token()
    bomb = many_paragraphs_docx()
    with hostile_stack.client(bob["token"]) as client:
        bob_job = _completed_job(client)

    def attack() -> int:
        with hostile_stack.client(attacker["token"]) as client:
            return _upload(client, "cv.docx", bomb, DOCX).status_code

    slowest = 0.0
    with ThreadPoolExecutor(6) as pool, hostile_stack.client(bob["token"]) as client:
        attacks = [pool.submit(attack) for _ in range(6)]
        while not all(a.done() for a in attacks):
            started = time.monotonic()
            assert client.get("/v1/jobs").status_code == 200
            slowest = max(slowest, time.monotonic() - started)
        # Every attack was refused: 422 (parsed and refused) or 503 (every parser busy).
        assert {a.result() for a in attacks} <= {422, 503}
        assert slowest < 2.0, f"another user's request took {slowest:.2f} s"
        assert client.get(f"/v1/jobs/{bob_job['id']}").json() == bob_job


# --- 4. Login throttling under concurrency ------------------------------------------------------


def test_parallel_wrong_passwords_cannot_pass_the_limit_and_memory_stays_bounded(
    hostile_stack: ApiServer,
) -> None:
    victim = user_with_token()
    wrong = {"email": victim["email"], "password": "guess"}
    pid = hostile_stack.process.pid
    before = _rss_bytes(pid, "VmRSS")

    def guess(_: int) -> httpx.Response:
        with hostile_stack.client() as client:
            return client.post("/v1/auth/login", json=wrong)

    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(guess, range(20)))
    statuses = [a.status_code for a in answers]
    # Each 401 is a verified guess: never more than the limit, however parallel.
    assert statuses.count(401) <= LOGIN_MAX_FAILURES, statuses
    assert set(statuses) <= {401, 429, 503}, statuses
    for answer in answers:
        if answer.status_code in (429, 503):
            problem(answer, answer.status_code)
            assert int(answer.headers["Retry-After"]) > 0
    # At most VERIFY_SLOTS Argon2 verifications (64 MiB each) at once, plus headroom.
    grown = _rss_bytes(pid, "VmHWM") - before
    assert grown < (VERIFY_SLOTS * 64 + 150) * 2**20, f"the API grew by {grown / 2**20:.0f} MiB"


def test_one_address_cannot_lock_a_person_out(hostile_stack: ApiServer) -> None:
    victim = user_with_token()
    attacker = httpx.Client(
        base_url=hostile_stack.url,
        transport=httpx.HTTPTransport(local_address="127.0.0.2"),
        timeout=30,
    )
    with attacker:
        for _ in range(LOGIN_MAX_FAILURES + 3):
            attacker.post("/v1/auth/login", json={"email": victim["email"], "password": "x"})
        refused = attacker.post(
            "/v1/auth/login", json={"email": victim["email"], "password": PASSWORD}
        )
        problem(refused, 429)
    with hostile_stack.client() as own:
        answer = own.post("/v1/auth/login", json={"email": victim["email"], "password": PASSWORD})
        assert answer.status_code == 200, answer.text


# --- 5. Exports are rendered once per job -------------------------------------------------------


def test_a_second_export_is_not_rendered_again(hostile_stack: ApiServer) -> None:
    user = user_with_token()
    with hostile_stack.client(user["token"]) as client:
        job = _completed_job(client)
        first = client.get(f"/v1/jobs/{job['id']}/resume", params={"format": "pdf"})
        second = client.get(f"/v1/jobs/{job['id']}/resume", params={"format": "pdf"})
    assert first.status_code == second.status_code == 200
    assert first.headers["X-Tailor-Export-Cache"] == "miss"
    assert second.headers["X-Tailor-Export-Cache"] == "hit"
    assert first.content == second.content


# --- 10 and the rest: ids, methods ---------------------------------------------------------------


@pytest.mark.parametrize("job_id", ["²", "٣", str(2**63), "-1", "0", "1e3"])
def test_odd_job_ids_in_the_path_are_a_422(hostile_stack: ApiServer, job_id: str) -> None:
    user = user_with_token()
    with hostile_stack.client(user["token"]) as client:
        problem(client.get(f"/v1/jobs/{job_id}"), 422)


def test_405_lists_every_method_of_the_path(hostile_stack: ApiServer) -> None:
    user = user_with_token()
    with hostile_stack.client(user["token"]) as client:
        answer = client.put("/v1/jobs")
        problem(answer, 405)
        assert {m.strip() for m in answer.headers["Allow"].split(",")} >= {"GET", "POST"}
        one = client.post("/v1/resumes/1")
        problem(one, 405)
        assert {m.strip() for m in one.headers["Allow"].split(",")} >= {"GET", "DELETE"}


def test_a_title_only_python_calls_blank_is_refused_by_the_schema_too(
    hostile_stack: ApiServer,
) -> None:
    user = user_with_token()
    with hostile_stack.client(user["token"]) as client:
        body = problem(
            client.post("/v1/jobs", json={"resume_id": 1, **POSTING, "title": "\x1f"}), 422
        )
    assert body["errors"][0]["loc"][-1] == "title"
