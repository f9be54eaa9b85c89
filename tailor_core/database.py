"""Database management of the original design: schema through Alembic migrations."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from tailor_core.db import models  # noqa: F401 - registers the tables on Base.metadata
from tailor_core.db.base import Base
from tailor_core.db.session import get_engine

MIGRATIONS = "tailor_core:migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    config.attributes["connection"] = connection
    return config


def create_tables() -> None:
    """Migrate the database to the newest schema; running it again changes nothing."""
    with get_engine().begin() as connection:
        command.upgrade(alembic_config(connection), "head")


def head_revision() -> str:
    """The newest migration this code ships."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision() -> str | None:
    with get_engine().connect() as connection:
        if not get_engine().dialect.has_table(connection, "alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def drop_tables() -> None:
    """Drop every Tailor table and the migration record. Use with caution: data is gone."""
    with get_engine().begin() as connection:
        Base.metadata.drop_all(connection)
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


def get_db_connection() -> Connection:
    """A connection from the process's pool; use it in a `with` block so it goes back."""
    return get_engine().connect()
