"""Server-side prepared statements, for the few PostgreSQL statements that run once per job.

PostgreSQL parses and plans every statement that arrives as text. For the worker's claim (an
UPDATE in a CTE joined to users and resumes) planning took longer than running it; prepared
once per connection, claim and finish together take half the time (docs/PERFORMANCE.md).
psycopg2 never prepares by itself, so a statement is PREPAREd by name on a connection's first
use of it and EXECUTEd after that.

`TAILOR_DATABASE_PREPARE=false` runs the same SQL unprepared: for PgBouncer in transaction
mode, where two statements from one client may reach two different server connections.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import Connection, CursorResult
from sqlalchemy.exc import DBAPIError

from tailor_core.settings import get_settings

# SQLSTATE 26000: the server does not know the name (it was deallocated, or DISCARD ALL ran).
INVALID_STATEMENT_NAME = "26000"
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_INFO_KEY = "tailor_prepared"


@dataclass(frozen=True)
class PreparedStatement:
    """One statement: `sql` uses %(name)s placeholders, as psycopg2 does. The derived texts
    are computed once per statement, not per job."""

    name: str
    sql: str

    @cached_property
    def parameters(self) -> tuple[str, ...]:
        return _parameters(self.sql)

    @cached_property
    def parameters_set(self) -> frozenset[str]:
        return frozenset(self.parameters)

    @cached_property
    def prepare_sql(self) -> str:
        numbers = {name: index for index, name in enumerate(self.parameters, start=1)}
        body = _PLACEHOLDER.sub(lambda match: f"${numbers[match.group(1)]}", self.sql)
        return f"PREPARE {self.name} AS {body}"

    @cached_property
    def execute_sql(self) -> str:
        return f"EXECUTE {self.name} ({', '.join(['%s'] * len(self.parameters))})"


def _parameters(sql: str) -> tuple[str, ...]:
    # In order of first use: $1 is the first name in the text.
    return tuple(dict.fromkeys(_PLACEHOLDER.findall(sql)))


def execute(
    connection: Connection, statement: PreparedStatement, params: Mapping[str, Any]
) -> CursorResult[Any]:
    """Run `statement` on an autocommit connection (a failed EXECUTE must not poison a
    transaction), preparing it first if this database connection has not yet."""
    if not get_settings().database_prepare:
        return connection.exec_driver_sql(statement.sql, dict(params))
    values = tuple(params[name] for name in statement.parameters)
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
