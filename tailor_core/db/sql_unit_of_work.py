"""The unit of work on PostgreSQL (or the embedded SQLite): scopes over tailor_core.db.session.

Nothing is opened when one is made: a boundary makes one for free, and each scope a service
opens checks out a connection only for as long as the block runs. The repositories are bound
on first use (tailor_core.db.repository_map): that module imports the ORM, which read commands
never need.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from tailor_core.db.session import single_statements, unit_of_work

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from tailor_core.db.repository_map import (
        SqlBatches,
        SqlJobs,
        SqlQuotas,
        SqlRecovery,
        SqlResumes,
        SqlStats,
        SqlTokens,
        SqlUsers,
    )


class SqlUnitOfWork:
    """Not thread-safe: one per task, request or command, like the session it holds."""

    def __init__(self) -> None:
        self._session: Session | None = None
        self._connection: Connection | None = None

    @property
    def in_transaction(self) -> bool:
        return self._session is not None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._session is not None:
            yield  # joins the open transaction: its owner commits
            return
        if self._connection is not None:
            raise RuntimeError("a transaction cannot start inside a block of single statements")
        with unit_of_work() as session:
            self._session = session
            try:
                yield
            finally:
                self._session = None

    @contextmanager
    def statements(self) -> Iterator[None]:
        if self._session is not None or self._connection is not None:
            yield
            return
        with single_statements() as connection:
            self._connection = connection
            try:
                yield
            finally:
                self._connection = None

    def db(self) -> Session | Connection:
        """What the open scope runs statements on."""
        if self._session is not None:
            return self._session
        if self._connection is not None:
            return self._connection
        raise RuntimeError("no open scope: use `with uow.transaction():` or `uow.statements()`")

    def orm(self) -> Session:
        """The ORM session of the open transaction, for repositories that need one."""
        if self._session is None:
            raise RuntimeError("this needs `with uow.transaction():`")
        return self._session

    @cached_property
    def jobs(self) -> SqlJobs:
        from tailor_core.db.repository_map import SqlJobs

        return SqlJobs(self)

    @cached_property
    def batches(self) -> SqlBatches:
        from tailor_core.db.repository_map import SqlBatches

        return SqlBatches(self)

    @cached_property
    def resumes(self) -> SqlResumes:
        from tailor_core.db.repository_map import SqlResumes

        return SqlResumes(self)

    @cached_property
    def quotas(self) -> SqlQuotas:
        from tailor_core.db.repository_map import SqlQuotas

        return SqlQuotas(self)

    @cached_property
    def users(self) -> SqlUsers:
        from tailor_core.db.repository_map import SqlUsers

        return SqlUsers(self)

    @cached_property
    def tokens(self) -> SqlTokens:
        from tailor_core.db.repository_map import SqlTokens

        return SqlTokens(self)

    @cached_property
    def stats(self) -> SqlStats:
        from tailor_core.db.repository_map import SqlStats

        return SqlStats(self)

    @cached_property
    def recovery(self) -> SqlRecovery:
        from tailor_core.db.repository_map import SqlRecovery

        return SqlRecovery(self)
