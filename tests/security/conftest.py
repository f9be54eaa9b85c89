"""A live stack for the hostile-input probes: one API process and one worker on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tailor_core.auth.api_tokens import create_token
from tests.conftest import REDIS_PREFIX
from tests.support import isolation
from tests.support.api import ApiServer, running_api
from tests.support.factories import make_user
from tests.support.workers import child_env, running_workers

LOGIN_MAX_FAILURES = 5
PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="package")
def hostile_stack(database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    log_dir = tmp_path_factory.mktemp("security")
    isolation.empty_tables()
    env = child_env()
    env.update(
        {
            "PYTHONUNBUFFERED": "1",
            "TAILOR_ENGINE": "tests.support.engines:echo",
            "TAILOR_LOGIN_MAX_FAILURES": str(LOGIN_MAX_FAILURES),
            # Its own login counters: other modules' failed logins from 127.0.0.1 do not count.
            "TAILOR_REDIS_KEY_PREFIX": f"{REDIS_PREFIX}security:",
        }
    )
    with running_workers(1, env, log_dir), running_api(env, log_dir) as api:
        yield api


def user_with_token() -> dict[str, Any]:
    user = make_user(password_hash=PASSWORD)
    token = create_token(user_id=user["id"], name="test")
    return {**user, "token": token["token"]}


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """A problem+json answer with this status and a detail that says what to do."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json", response.text
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["detail"]
    assert "Traceback" not in body["detail"]
    return body
