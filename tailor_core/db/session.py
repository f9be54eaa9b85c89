"""One engine per process and one session per unit of work.

The engine is created lazily and re-created after a fork, so prefork worker children never share
pooled connections with their parent.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine.url import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from tailor_core.errors import ConfigurationError, TransientError
from tailor_core.settings import get_settings

_engine: Engine | None = None
_engine_pid: int | None = None
_session_factory: sessionmaker[Session] | None = None


def _enable_sqlite_safety(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # Foreign keys are off by default in SQLite; WAL lets the CLI read while a worker writes.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def build_engine(database_url: str) -> Engine:
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
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=5,
        pool_recycle=1800,
        connect_args={"connect_timeout": 5, "application_name": "tailor"},
    )


def get_engine() -> Engine:
    global _engine, _engine_pid, _session_factory
    if _engine is None or _engine_pid != os.getpid():
        if _engine is not None:
            # Inherited from the parent process: drop the pool without closing its sockets.
            _engine.dispose(close=False)
        _engine = build_engine(get_settings().database_url)
        _engine_pid = os.getpid()
        _session_factory = sessionmaker(_engine, expire_on_commit=False)
    return _engine


def dispose_engine() -> None:
    global _engine, _engine_pid, _session_factory
    if _engine is not None and _engine_pid == os.getpid():
        _engine.dispose()
    _engine = _engine_pid = _session_factory = None


def reset_engine() -> None:
    """Forget the engine after settings change (tests, CLI switching databases)."""
    dispose_engine()
    get_settings.cache_clear()


def _sessions() -> sessionmaker[Session]:
    get_engine()
    assert _session_factory is not None
    return _session_factory


def translate_db_error(exc: DBAPIError) -> Exception:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    if "no such table" in text or "UndefinedTable" in type(exc.orig).__name__:
        return ConfigurationError(
            "the database has no Tailor tables yet: run `tailor db init` first"
        )
    if isinstance(exc, OperationalError) or exc.connection_invalidated:
        return TransientError(f"database unavailable: {text.strip().splitlines()[0]}")
    return exc


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """Commit on success, roll back on error, always close; driver errors become ours."""
    session = _sessions()()
    try:
        yield session
        session.commit()
    except IntegrityError:
        session.rollback()
        raise
    except (OperationalError, ProgrammingError) as exc:
        session.rollback()
        translated = translate_db_error(exc)
        if translated is exc:
            raise
        raise translated from exc
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
