"""Each request's unit of work, made at the boundary and handed to the services a route calls.

Making one opens nothing: each service opens the scope it needs on it (a transaction, or single
statements), so a route that calls two services can have them share one transaction.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from tailor_core.db.sql_unit_of_work import SqlUnitOfWork
from tailor_core.db.unit_of_work import UnitOfWork


async def request_unit_of_work() -> UnitOfWork:
    # async: made on the event loop, without a trip through the thread pool.
    return SqlUnitOfWork()


Work = Annotated[UnitOfWork, Depends(request_unit_of_work)]
