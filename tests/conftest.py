"""Test run set-up: each run gets its own PostgreSQL database, Redis key prefix and data folder.

The environment is pointed at them before any Tailor module is imported, so the code under test
reads its settings exactly as in production, from the environment.

Under pytest-xdist (`make test` runs `pytest -n`) each worker process is a run of its own: its own
database, key prefix and folder, named after the controller's run id and the worker's id, so the
controller can sweep what a crashed worker left behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.support import isolation
from tests.support.servers import TestServers, resolve
from tests.support.workers import child_env

RUN_ID = isolation.run_id()
XDIST_WORKER = isolation.xdist_worker()
DATABASE_NAME = isolation.database_name(RUN_ID, XDIST_WORKER)
REDIS_PREFIX = isolation.redis_prefix(RUN_ID, XDIST_WORKER)
_DATA_DIR = Path(tempfile.mkdtemp(prefix=f"{REDIS_PREFIX[:-1]}-"))
_servers: TestServers | None = None
_database_created = False

# Variables that would point the code under test somewhere else than this run's servers.
FOREIGN = (
    "DATABASE_URL",
    "DB_HOST",
    "DB_NAME",
    "DB_USER",
    "DB_PASSWORD",
    "DB_PORT",
    "REDIS_URL",
    "TAILOR_BROKER_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "TAILOR_ENGINE",
    "TAILOR_REDIS_KEY_PREFIX",
)


def pytest_configure(config: pytest.Config) -> None:
    global _servers
    for name in FOREIGN:
        os.environ.pop(name, None)
    os.environ["TAILOR_DATA_DIR"] = str(_DATA_DIR)
    if isolation.is_xdist_controller(config):
        # The workers take their run id from this option (PYTEST_XDIST_TESTRUNUID).
        config.option.testrunuid = RUN_ID
    if config.getoption("collectonly"):
        return
    _servers = resolve(dict(os.environ))
    if _servers.problem is None:
        assert _servers.admin_database_url
        assert _servers.redis_url
        os.environ["DATABASE_URL"] = isolation.database_url_for(
            _servers.admin_database_url, DATABASE_NAME
        )
        os.environ["REDIS_URL"] = _servers.redis_url
        os.environ["TAILOR_REDIS_KEY_PREFIX"] = REDIS_PREFIX
        # xdist workers start after this and inherit it: they share the servers (containers
        # included) that this process resolved instead of each starting a pair.
        os.environ["TAILOR_TEST_DATABASE_URL"] = _servers.admin_database_url
        os.environ["TAILOR_TEST_REDIS_URL"] = _servers.redis_url


# Every test carries its tier's marker, taken from its folder, so `-m unit` (no servers),
# `-m integration`, `-m e2e` and `-m security` each select a whole tier. The tier is the first
# folder under tests/, so tests/unit/engine/ is still unit.
TIERS = ("unit", "integration", "e2e", "security")
TESTS_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = item.path.resolve()
        parts = path.relative_to(TESTS_DIR).parts if path.is_relative_to(TESTS_DIR) else ()
        if len(parts) > 1 and parts[0] in TIERS:
            item.add_marker(parts[0])


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_DATA_DIR, ignore_errors=True)
    if _servers is None:
        return
    if _servers.problem is None:
        assert _servers.admin_database_url
        assert _servers.redis_url
        if _database_created:
            from tailor_core.db.session import dispose_engine

            dispose_engine()
            isolation.drop_database(_servers.admin_database_url, DATABASE_NAME)
        isolation.delete_redis_prefix(_servers.redis_url, REDIS_PREFIX)
        if isolation.is_xdist_controller(config):
            # After every worker has stopped: whatever a crashed one could not remove.
            isolation.drop_worker_leftovers(_servers.admin_database_url, _servers.redis_url, RUN_ID)
    _servers.stop()


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    if config.getoption("dist") != "loadscope":
        return None
    from tests.support.scheduling import TailorScheduling

    return TailorScheduling(config, log)


@pytest.fixture(scope="session")
def servers() -> TestServers:
    if _servers is None or _servers.problem is not None:
        problem = _servers.problem if _servers else None
        pytest.fail(problem or "test servers were not resolved", pytrace=False)
    return _servers


@pytest.fixture(scope="session")
def database(servers: TestServers) -> str:
    """This run's migrated PostgreSQL database; its URL is also in DATABASE_URL."""
    global _database_created
    assert servers.admin_database_url
    isolation.create_database(servers.admin_database_url, DATABASE_NAME)
    _database_created = True
    from tailor_core.database import create_tables

    create_tables()
    return os.environ["DATABASE_URL"]


@pytest.fixture
def clean_tables(database: str) -> None:
    """Empty tables before a test that counts rows."""
    isolation.empty_tables()


@pytest.fixture
def worker_env(database: str, servers: TestServers) -> dict[str, str]:
    """The environment a `celery -A tailor_worker worker` subprocess of this run needs."""
    env = child_env()
    env.update(
        {
            "PYTHONUNBUFFERED": "1",
            "TAILOR_ENGINE": "tests.support.engines:echo",
            # The tests' webhook receivers listen on loopback.
            "TAILOR_WEBHOOK_ALLOW_PRIVATE": "true",
        }
    )
    return env


@pytest.fixture
def data_dir() -> Path:
    return _DATA_DIR
