"""Server-side prepared statements, for the few statements that run once per job.

PostgreSQL parses and plans every statement that arrives as text. For the worker's claim (an
UPDATE returning the job's user and resume) planning took longer than running it; prepared
once per connection, claim and finish together take half the time (docs/PERFORMANCE.md).
psycopg2 never prepares by itself, so a statement is PREPAREd by name on a connection's first
use of it and EXECUTEd after that.

Each statement is written once, in SQLAlchemy Core: PostgreSQL runs its compiled text prepared,
SQLite (the embedded store) runs the same statement as SQLAlchemy compiles it for SQLite.
`TAILOR_DATABASE_PREPARE=false` runs it unprepared on PostgreSQL too: for PgBouncer in
transaction mode, where two statements from one client may reach two different server
connections.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import Connection, CursorResult
from sqlalchemy.dialects.postgresql.psycopg2 import PGDialect_psycopg2
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.dml import UpdateBase

from tailor_core.settings import get_settings

# SQLSTATE 26000: the server does not know the name (it was deallocated, or DISCARD ALL ran).
INVALID_STATEMENT_NAME = "26000"
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_INFO_KEY = "tailor_prepared"
# What the caller passes; a statement's own constants are bound when it is compiled.
_GIVEN = object()


@dataclass(frozen=True)
class _Slot:
    """One $n of the prepared text: a parameter the caller gives, or a constant."""

    key: str
    value: Any
    process: Callable[[Any], Any] | None


@dataclass(frozen=True)
class PreparedStatement:
    """A statement PostgreSQL prepares once per connection as `name`. The texts and the order
    of its parameters are derived once per statement, not per job."""

    name: str
    statement: UpdateBase  # an INSERT or UPDATE ... RETURNING

    @cached_property
    def compiled(self) -> SQLCompiler:
        compiled = self.statement.compile(dialect=PGDialect_psycopg2())  # type: ignore[no-untyped-call]
        assert isinstance(compiled, SQLCompiler)
        return compiled

    @cached_property
    def sql(self) -> str:
        """The PostgreSQL text, with psycopg2's %(name)s placeholders."""
        return self.compiled.string

    @cached_property
    def parameters(self) -> tuple[str, ...]:
        """The names the caller passes, in the order they first appear."""
        return tuple(slot.key for slot in self._slots if slot.value is _GIVEN)

    @cached_property
    def _slots(self) -> tuple[_Slot, ...]:
        binds = {self.compiled.bind_names[bind]: bind for bind in self.compiled.binds.values()}
        dialect = self.compiled.dialect
        slots = []
        for name in self._names:
            bind = binds[name]
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            value = _GIVEN if bind.required else bind.effective_value
            slots.append(_Slot(bind.key, value, process))
        return tuple(slots)

    @cached_property
    def prepare_sql(self) -> str:
        numbers = {name: index for index, name in enumerate(self._names, start=1)}
        body = _PLACEHOLDER.sub(lambda match: f"${numbers[match.group(1)]}", self.sql)
        return f"PREPARE {self.name} AS {body}"

    @cached_property
    def execute_sql(self) -> str:
        return f"EXECUTE {self.name} ({', '.join(['%s'] * len(self._slots))})"

    @cached_property
    def _names(self) -> tuple[str, ...]:
        # In order of first use: $1 is the first name in the text.
        return tuple(dict.fromkeys(_PLACEHOLDER.findall(self.sql)))

    def values(self, params: Mapping[str, Any]) -> tuple[Any, ...]:
        """The EXECUTE's values, converted as SQLAlchemy would (an enum to its name, a dict
        to JSON)."""
        values = []
        for slot in self._slots:
            value = params[slot.key] if slot.value is _GIVEN else slot.value
            values.append(value if slot.process is None else slot.process(value))
        return tuple(values)


def execute(
    connection: Connection, statement: PreparedStatement, params: Mapping[str, Any]
) -> CursorResult[Any]:
    """Run `statement` on an autocommit connection (a failed EXECUTE must not poison a
    transaction), preparing it first if this database connection has not yet."""
    if connection.dialect.name != "postgresql" or not get_settings().database_prepare:
        return connection.execute(statement.statement, dict(params))
    values = statement.values(params)
    prepared: set[str] = connection.info.setdefault(_INFO_KEY, set())
    if statement.name not in prepared:
        connection.exec_driver_sql(statement.prepare_sql)
        prepared.add(statement.name)
    try:
        return connection.exec_driver_sql(statement.execute_sql, values)
    except DBAPIError as exc:
        if getattr(exc.orig, "pgcode", None) != INVALID_STATEMENT_NAME:
            raise
    # The server forgot it behind our back (a pooler's DISCARD ALL, say): prepare it again, once.
    connection.exec_driver_sql(statement.prepare_sql)
    return connection.exec_driver_sql(statement.execute_sql, values)
