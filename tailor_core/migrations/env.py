"""Alembic environment: the URL comes from Tailor's settings unless the caller set one."""

from __future__ import annotations

import warnings
from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection
from sqlalchemy.exc import SAWarning

from tailor_core.db import models  # noqa: F401 - registers the tables on Base.metadata
from tailor_core.db.base import Base
from tailor_core.db.session import build_engine
from tailor_core.errors import ConfigurationError
from tailor_core.settings import get_settings

config = context.config
target_metadata = Base.metadata
if config.config_file_name is not None and config.attributes.get("connection") is None:
    # `alembic upgrade head` by hand: alembic.ini's loggers print each migration as it runs.
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _url() -> str:
    if explicit := config.get_main_option("sqlalchemy.url"):
        return explicit
    try:
        settings = get_settings()
        settings.check_store(broker=False)
    except ConfigurationError as exc:
        raise SystemExit(f"error: {exc.message}") from None
    return settings.database_url


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with warnings.catch_warnings(), context.begin_transaction():
        # SQLite's batch migrations reflect the users table, whose lower(email) index SQLAlchemy
        # cannot reflect; no batch copies that table, so the index stays as it is.
        warnings.filterwarnings(
            "ignore", "Skipped unsupported reflection of expression-based index", SAWarning
        )
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = _url()
    engine = build_engine(url)
    try:
        with engine.connect() as connection:
            _run(connection)
    finally:
        engine.dispose()


def run_migrations_offline() -> None:
    url = _url()
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
