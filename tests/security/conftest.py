"""A live stack for the hostile-input probes: one API process and one worker on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import REDIS_PREFIX
from tests.support.api import ApiServer, running_stack
from tests.support.api_calls import LOGIN_MAX_FAILURES


@pytest.fixture(scope="package")
def hostile_stack(database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    log_dir = tmp_path_factory.mktemp("security")
    settings = {
        "TAILOR_ENGINE": "tests.support.engines:echo",
        "TAILOR_LOGIN_MAX_FAILURES": str(LOGIN_MAX_FAILURES),
        # Its own login counters: other modules' failed logins from 127.0.0.1 do not count.
        "TAILOR_REDIS_KEY_PREFIX": f"{REDIS_PREFIX}security:",
    }
    with running_stack(log_dir, settings) as api:
        yield api
