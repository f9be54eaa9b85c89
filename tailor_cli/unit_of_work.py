"""A command's unit of work, made where the command starts and handed to the services it calls.

Imported inside the commands that write, like the services themselves: making one opens
nothing, and the read commands (`jobs list`, `users list`) never load it.
"""

from __future__ import annotations

from tailor_core.db.sql_unit_of_work import SqlUnitOfWork
from tailor_core.db.unit_of_work import UnitOfWork


def command_unit_of_work() -> UnitOfWork:
    return SqlUnitOfWork()
