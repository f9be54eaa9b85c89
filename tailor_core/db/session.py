"""One engine per process and one session per unit of work.

The engine is created lazily and re-created after a fork, so prefork worker children never share
pooled connections with their parent.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine.url import make_url
from sqlalchemy.exc import (
    DBAPIError,
    DisconnectionError,
    IntegrityError,
    OperationalError,
    ProgrammingError,
)

from tailor_core.errors import ConfigurationError, TransientError
from tailor_core.settings import get_settings

if TYPE_CHECKING:
    # The ORM is imported by the first unit of work, not with this module: the read commands
    # of the CLI run on Core connections only and start faster without it.
    from sqlalchemy.orm import Session, sessionmaker


def _enable_sqlite_safety(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # Foreign keys are off by default in SQLite; WAL lets the CLI read while a worker writes.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def build_engine(database_url: str, *, autocommit: bool = False) -> Engine:
    url = make_url(database_url)
    if url.drivername in {"postgresql", "postgres"}:
        # psycopg2 is the driver we ship; SQLAlchemy 2.1 would otherwise pick psycopg 3.
        url = url.set(drivername="postgresql+psycopg2")
    if url.get_backend_name() == "sqlite":
        if url.database:
            os.makedirs(os.path.dirname(os.path.abspath(url.database)), exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 10})
        event.listen(engine, "connect", _enable_sqlite_safety)
        return engine
    engine = create_engine(
        url,
        # A pool of its own for autocommit, so no connection switches modes: psycopg2 spends a
        # round trip (SET default_transaction_isolation) on every switch.
        isolation_level="AUTOCOMMIT" if autocommit else "READ COMMITTED",
        pool_size=5,
        max_overflow=5,
        pool_recycle=1800,
        connect_args={"connect_timeout": 5, "application_name": "tailor"},
    )
    event.listen(engine, "checkout", _ping_if_idle)
    event.listen(engine, "checkin", _note_last_use)
    return engine


IDLE_BEFORE_PING = 10.0


def _note_last_use(_dbapi_connection: Any, record: Any) -> None:
    record.info["last_used"] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """Ping only a connection that sat idle, instead of one round trip on every checkout.

    A busy worker uses its connection every few milliseconds, so the server cannot have dropped
    it unnoticed; one that sat in the pool may have been cut (a database restart, a proxy's idle
    timeout). A failed ping makes the pool replace the connection before anyone sees it.
    """
    if time.monotonic() - record.info.get("last_used", 0.0) < IDLE_BEFORE_PING:
        return
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        # A ping opened a transaction unless the connection is in autocommit: end it.
        if not dbapi_connection.autocommit:
            dbapi_connection.rollback()
    except Exception as exc:
        raise DisconnectionError(f"stale pooled connection: {exc}") from exc


@dataclass
class _ProcessDatabase:
    pid: int
    engine: Engine
    autocommit_engine: Engine
    sessions: sessionmaker[Session] | None = None

    def new_session(self) -> Session:
        if self.sessions is None:
            from sqlalchemy.orm import sessionmaker

            self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        return self.sessions()


_current: _ProcessDatabase | None = None


def _database() -> _ProcessDatabase:
    global _current
    if _current is None or _current.pid != os.getpid():
        if _current is not None:
            # Inherited from the parent process: drop the pools without closing their sockets.
            _current.engine.dispose(close=False)
            _current.autocommit_engine.dispose(close=False)
        settings = get_settings()
        # Before anything touches the disk: a half-configured process must not fall back on a
        # SQLite file of its own (and create ./.tailor wherever it happens to run).
        settings.check_store()
        url = settings.database_url
        engine = build_engine(url)
        autocommit = engine
        if engine.dialect.name == "postgresql":
            autocommit = build_engine(url, autocommit=True)
        _current = _ProcessDatabase(
            pid=os.getpid(),
            engine=engine,
            autocommit_engine=autocommit,
        )
    return _current


def get_engine() -> Engine:
    return _database().engine


def dispose_engine() -> None:
    global _current
    if _current is not None and _current.pid == os.getpid():
        _current.engine.dispose()
        _current.autocommit_engine.dispose()
    _current = None


def reset_engine() -> None:
    """Forget the engine after settings change (tests, CLI switching databases)."""
    dispose_engine()
    get_settings.cache_clear()


_MISSING_DATABASE = re.compile(r'database "([^"]+)" does not exist')


def translate_db_error(exc: DBAPIError) -> Exception:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    if "no such table" in text or "UndefinedTable" in type(exc.orig).__name__:
        return ConfigurationError(
            "the database has no Tailor tables yet: run `tailor db init` first"
        )
    missing = _MISSING_DATABASE.search(text)
    if missing:
        # The server answered: waiting for it would not help.
        return ConfigurationError(
            f'database "{missing.group(1)}" does not exist on the server: create it '
            f"(createdb {missing.group(1)}) or fix DATABASE_URL"
        )
    if isinstance(exc, OperationalError) or exc.connection_invalidated:
        return TransientError(f"database unavailable: {text.strip().splitlines()[0]}")
    return exc


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """Commit on success, roll back on error, always close; driver errors become ours."""
    with _translated_errors():
        session = _database().new_session()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()


@contextmanager
def single_statements() -> Iterator[Connection]:
    """For work that is one atomic statement at a time (claim, finish, a lease renewal, the
    producer's insert): an autocommit connection, so no BEGIN and COMMIT round trips, and no ORM
    session built and torn down around one statement (a tenth of a short job's CPU)."""
    with _translated_errors(), _database().autocommit_engine.connect() as connection:
        yield connection
        if connection.in_transaction():  # SQLite has no autocommit engine of its own
            connection.commit()


@contextmanager
def _translated_errors() -> Iterator[None]:
    try:
        yield
    except IntegrityError:
        raise
    except (OperationalError, ProgrammingError) as exc:
        translated = translate_db_error(exc)
        if translated is exc:
            raise
        raise translated from exc
