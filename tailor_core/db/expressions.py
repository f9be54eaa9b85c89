"""SQL expressions that each database spells differently."""

from __future__ import annotations

from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement


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
    seconds = compiler.process(element.clauses, **kw)
    return f"datetime('now', '+' || ({seconds}) || ' seconds')"
