"""A database and a Redis key prefix of this run's own, removed afterwards."""

from __future__ import annotations

import os
import re
import secrets

import pytest
import redis
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url


def run_id() -> str:
    """Random for a run of its own; an xdist worker takes its controller's (see conftest)."""
    shared = re.sub(r"[^0-9a-z]", "", os.environ.get("PYTEST_XDIST_TESTRUNUID", "").lower())
    return shared[:16] or secrets.token_hex(4)


def xdist_worker() -> str:
    """The xdist worker id (gw0, gw1...); "" in a single-process run and in the controller."""
    return re.sub(r"[^0-9a-z]", "", os.environ.get("PYTEST_XDIST_WORKER", "").lower())


def is_xdist_controller(config: pytest.Config) -> bool:
    """This process hands tests to xdist workers and runs none itself."""
    # As xdist decides (its _is_distribution_mode); both options are absent under -p no:xdist.
    if hasattr(config, "workerinput"):
        return False
    return getattr(config.option, "dist", "no") != "no" and bool(getattr(config.option, "tx", None))


def database_name(run: str, worker: str) -> str:
    return f"tailor_test_{run}_{worker}" if worker else f"tailor_test_{run}"


def redis_prefix(run: str, worker: str) -> str:
    return f"tailor-test-{run}-{worker}:" if worker else f"tailor-test-{run}:"


def database_url_for(admin_url: str, name: str) -> str:
    url = make_url(admin_url)
    if url.drivername in {"postgresql", "postgres"}:
        url = url.set(drivername="postgresql+psycopg2")
    return url.set(database=name).render_as_string(hide_password=False)


def _admin_engine(admin_url: str) -> Engine:
    return create_engine(
        database_url_for(admin_url, make_url(admin_url).database or "postgres"),
        isolation_level="AUTOCOMMIT",
    )


def _admin_execute(admin_url: str, statement: str) -> None:
    engine = _admin_engine(admin_url)
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def create_database(admin_url: str, name: str) -> None:
    _admin_execute(admin_url, f'CREATE DATABASE "{name}"')


def drop_database(admin_url: str, name: str) -> None:
    _admin_execute(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def empty_tables() -> None:
    """No users, resumes or jobs in this run's database. A worker runs the next PENDING job in
    fair order, whatever job its message names: a job left PENDING by an earlier test would take
    a new job's turn, so a live stack starts from empty tables whatever ran before it."""
    from tailor_core.db.session import get_engine

    with get_engine().begin() as connection:
        connection.execute(text("TRUNCATE jobs, resumes, users RESTART IDENTITY CASCADE"))


def delete_redis_prefix(redis_url: str, prefix: str) -> int:
    client = redis.Redis.from_url(redis_url)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        for start in range(0, len(keys), 500):
            client.delete(*keys[start : start + 500])
        return len(keys)
    finally:
        client.close()


def drop_worker_leftovers(admin_url: str, redis_url: str, run: str) -> None:
    """Every xdist worker's database and keys of this run: a worker that crashed left its own."""
    engine = _admin_engine(admin_url)
    try:
        with engine.connect() as connection:
            names = connection.execute(
                text("SELECT datname FROM pg_database WHERE starts_with(datname, :prefix)"),
                {"prefix": database_name(run, "gw")},
            ).scalars()
            leftovers = list(names)
    finally:
        engine.dispose()
    for name in leftovers:
        drop_database(admin_url, name)
    delete_redis_prefix(redis_url, redis_prefix(run, "gw")[:-1])
