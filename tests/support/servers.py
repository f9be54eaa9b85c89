"""Where the test servers come from: environment first, then testcontainers, else a clear error."""

from __future__ import annotations

import contextlib
import gc
import warnings
from dataclasses import dataclass, field
from typing import Any

HOW_TO = (
    "These tests need PostgreSQL and Redis. Either set TAILOR_TEST_DATABASE_URL (an admin URL, "
    "e.g. postgresql://postgres@127.0.0.1:5432/postgres; the tests create and drop their own "
    "database there) and TAILOR_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/0; the tests use "
    "their own key prefix and clean it up), or run a Docker engine so testcontainers can start "
    "both."
)


@dataclass
class TestServers:
    admin_database_url: str | None
    redis_url: str | None
    problem: str | None = None
    _containers: list[Any] = field(default_factory=list)

    def stop(self) -> None:
        for container in self._containers:
            with contextlib.suppress(Exception):
                container.stop()


def _docker_answers() -> bool:
    # docker-py leaks its socket when no engine answers; collect it here, quietly.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        answers = _ping_docker()
        gc.collect()
    return answers


def _ping_docker() -> bool:
    import docker

    client = None
    try:
        client = docker.from_env(timeout=3)
        client.ping()
    except Exception:
        return False
    finally:
        if client is not None:
            client.close()
    return True


def _from_containers(servers: TestServers) -> None:
    from testcontainers.postgres import PostgresContainer
    from testcontainers.redis import RedisContainer

    if servers.admin_database_url is None:
        postgres = PostgresContainer("postgres:16-alpine", driver="psycopg2").start()
        servers._containers.append(postgres)
        servers.admin_database_url = postgres.get_connection_url()
    if servers.redis_url is None:
        redis = RedisContainer("redis:7-alpine").start()
        servers._containers.append(redis)
        host, port = redis.get_container_host_ip(), redis.get_exposed_port(6379)
        servers.redis_url = f"redis://{host}:{port}/0"


def resolve(env: dict[str, str]) -> TestServers:
    servers = TestServers(
        admin_database_url=env.get("TAILOR_TEST_DATABASE_URL") or None,
        redis_url=env.get("TAILOR_TEST_REDIS_URL") or None,
    )
    if servers.admin_database_url and servers.redis_url:
        return servers
    if not _docker_answers():
        servers.problem = "no test servers configured and no Docker engine answered. " + HOW_TO
        return servers
    try:
        _from_containers(servers)
    except Exception as exc:
        servers.stop()
        servers.problem = f"testcontainers could not start the servers ({exc}). " + HOW_TO
    return servers
