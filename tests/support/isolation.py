"""A database and a Redis key prefix of this run's own, removed afterwards."""

from __future__ import annotations

import secrets

import redis
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url


def run_id() -> str:
    return secrets.token_hex(4)


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


def delete_redis_prefix(redis_url: str, prefix: str) -> int:
    client = redis.Redis.from_url(redis_url)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        for start in range(0, len(keys), 500):
            client.delete(*keys[start : start + 500])
        return len(keys)
    finally:
        client.close()
