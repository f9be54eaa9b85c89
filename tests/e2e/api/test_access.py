"""Who may call what: bearer tokens, one user's own records, service tokens, logins and
their throttle."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tailor_core.auth.api_tokens import create_token, revoke_token
from tests.support.api import ApiServer
from tests.support.api_calls import (
    LOGIN_MAX_FAILURES,
    PASSWORD,
    problem,
    submit,
    tokens_of,
    uploaded_resume_id,
    user_with_token,
)
from tests.support.factories import RESUME
from tests.support.workers import wait_until

pytestmark = pytest.mark.e2e


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
            problem(response, 401)
            assert response.headers["www-authenticate"] == "Bearer"
            problem(forged.request(method, path), 401)
    with stack.client(alice["token"]) as client:
        assert client.get("/v1/jobs").status_code == 200
        revoke_token(
            next(t["id"] for t in tokens_of(alice["id"]))  # the fixture's only token
        )
        problem(client.get("/v1/jobs"), 401)


def test_users_see_only_their_own_records(
    stack: ApiServer, alice: dict[str, Any], bob: dict[str, Any]
) -> None:
    with stack.client(alice["token"]) as a, stack.client(bob["token"]) as b:
        resume_id = uploaded_resume_id(a)
        job_id = submit(a, resume_id).json()["id"]
        # Bob gets exactly what a missing id gets: nothing says Alice's records exist.
        missing = problem(b.get("/v1/jobs/999999999"), 404)
        other = problem(b.get(f"/v1/jobs/{job_id}"), 404)
        assert other["detail"] == missing["detail"].replace("999999999", str(job_id))
        problem(b.get(f"/v1/resumes/{resume_id}"), 404)
        problem(b.post(f"/v1/jobs/{job_id}/cancel"), 404)
        problem(b.get(f"/v1/jobs/{job_id}/resume"), 404)
        problem(b.delete(f"/v1/resumes/{resume_id}"), 404)
        problem(submit(b, resume_id), 404)
        assert b.get("/v1/jobs").json()["items"] == []
        assert b.get("/v1/resumes").json()["items"] == []
        problem(b.get("/v1/jobs", headers={"X-Tailor-User-Id": str(alice["id"])}), 403)
        # Alice still has hers.
        assert a.get(f"/v1/resumes/{resume_id}").json()["parsed_text"].startswith("Alex Doe")
        assert [j["id"] for j in a.get("/v1/jobs").json()["items"]] == [job_id]


def test_a_service_token_acts_for_the_named_user_and_it_is_logged(
    stack: ApiServer, alice: dict[str, Any]
) -> None:
    service = create_token(user_id=None, name="billing-backend", service=True)
    with stack.client(service["token"]) as client:
        problem(client.get("/v1/jobs"), 400)
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


def test_login_gives_a_short_lived_token_and_never_says_which_part_was_wrong(
    stack: ApiServer, alice: dict[str, Any]
) -> None:
    with stack.client() as client:
        good = client.post("/v1/auth/login", json={"email": alice["email"], "password": PASSWORD})
        assert good.status_code == 200, good.text
        wrong_password = problem(
            client.post("/v1/auth/login", json={"email": alice["email"], "password": "nope"}), 401
        )
        unknown = problem(
            client.post("/v1/auth/login", json={"email": "nobody@example.com", "password": "x"}),
            401,
        )
        assert wrong_password == unknown
    with stack.client(good.json()["token"]) as client:
        assert client.get("/v1/jobs").status_code == 200


def test_repeated_failed_logins_are_throttled_even_with_the_right_password(
    stack: ApiServer,
) -> None:
    user = user_with_token()
    wrong = {"email": user["email"], "password": "guess"}
    with stack.client() as client:
        for _ in range(LOGIN_MAX_FAILURES):
            assert client.post("/v1/auth/login", json=wrong).status_code == 401
        throttled = client.post(
            "/v1/auth/login", json={"email": user["email"].upper(), "password": PASSWORD}
        )
        assert throttled.status_code == 429, throttled.text
        assert int(throttled.headers["Retry-After"]) > 0
        other = user_with_token()
        fine = client.post("/v1/auth/login", json={"email": other["email"], "password": PASSWORD})
        assert fine.status_code == 200, "the throttle is per address"
