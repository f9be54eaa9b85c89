"""SQL expressions that each database spells differently."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, DateTime, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.sql.selectable import ScalarSelect


class seconds_from_now(FunctionElement[Any]):  # noqa: N801 - reads like the SQL function it is
    """The database's clock plus N seconds: leases use one clock, whatever the workers' hosts."""

    type = DateTime(timezone=True)
    inherit_cache = True
    name = "seconds_from_now"


@compiles(seconds_from_now, "postgresql")
def _postgresql(element: seconds_from_now, compiler: Any, **kw: Any) -> str:
    return f"(now() + make_interval(secs => {compiler.process(element.clauses, **kw)}))"


@compiles(seconds_from_now, "sqlite")
def _sqlite(element: seconds_from_now, compiler: Any, **kw: Any) -> str:
    # Same text format as CURRENT_TIMESTAMP, so stored values compare correctly as strings.
    # printf gives the modifier its sign: '+-60 seconds' is no modifier, and datetime() NULL.
    seconds = compiler.process(element.clauses, **kw)
    return f"datetime('now', printf('%+f seconds', {seconds}))"


class greatest(FunctionElement[Any]):  # noqa: N801 - reads like the SQL function it is
    """The larger of the arguments: GREATEST on PostgreSQL, the many-argument max() on SQLite."""

    inherit_cache = True
    name = "greatest"


@compiles(greatest)
def _greatest(element: greatest, compiler: Any, **kw: Any) -> str:
    return f"GREATEST({compiler.process(element.clauses, **kw)})"


@compiles(greatest, "sqlite")
def _sqlite_greatest(element: greatest, compiler: Any, **kw: Any) -> str:
    return f"max({compiler.process(element.clauses, **kw)})"


class commit_without_waiting(FunctionElement[Any]):  # noqa: N801 - reads like the SQL function
    """Inside a statement: its transaction commits without waiting for the WAL flush.

    `set_config(..., true)` is SET LOCAL: only the transaction of the statement that evaluates
    it, never the connection's later ones. SQLite has no such setting: there it is NULL.
    """

    inherit_cache = True
    name = "commit_without_waiting"


@compiles(commit_without_waiting, "postgresql")
def _postgresql_async_commit(element: commit_without_waiting, compiler: Any, **kw: Any) -> str:
    return "set_config('synchronous_commit', 'off', true)"


@compiles(commit_without_waiting, "sqlite")
def _sqlite_async_commit(element: commit_without_waiting, compiler: Any, **kw: Any) -> str:
    return "NULL"


def inline(value: str | int) -> ColumnElement[Any]:
    """`value` written into the statement's text instead of sent as a parameter.

    A prepared statement is planned for any parameter values: `status = $1` cannot use the
    partial index on `status = 'PENDING'`, and `LIMIT $1` is planned as if it could be large.
    """
    if isinstance(value, int):
        return literal_column(str(int(value)))
    return literal_column("'" + str(value).replace("'", "''") + "'")


@compiles(ScalarSelect, "sqlite")
def _sqlite_scalar_select(element: ScalarSelect[Any], compiler: Any, **kw: Any) -> str:
    # SQLAlchemy writes RETURNING's columns unqualified for SQLite, and that reached into a
    # subquery there: `queued.batch_id = jobs.batch_id` became `batch_id = batch_id`. SQLite
    # itself takes qualified names in RETURNING and in its subqueries.
    kw.pop("include_table", None)
    return str(compiler.visit_grouping(element, **kw))
