"""An in-memory unit of work for unit tests of services: no database, same Protocol.

A transaction keeps a copy of every table it touches and puts it back on an error; `log` tells
what scopes ran ("transaction", "commit", "rollback", "statements"), so a test can check what
happened before what (a publish after the commit, no scope open while the engine runs).
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.support.fake_accounts import FakeTokens, FakeUsers
from tests.support.fake_recovery import FakeRecovery, FakeStats
from tests.support.fake_repositories import FakeBatches, FakeJobs, FakeQuotas, FakeResumes


class FakeUnitOfWork:
    def __init__(self) -> None:
        self.tables: dict[str, dict[int, dict[str, Any]]] = {}
        self.ids = itertools.count(1)
        self.log: list[str] = []
        self._saved: dict[str, dict[int, dict[str, Any]]] | None = None
        self._scope: str | None = None
        self.jobs = FakeJobs(self)
        self.batches = FakeBatches(self)
        self.resumes = FakeResumes(self)
        self.quotas = FakeQuotas(self)
        self.users = FakeUsers(self)
        self.tokens = FakeTokens(self)
        self.stats = FakeStats(self)
        self.recovery = FakeRecovery(self)

    def touch(self, table: str) -> dict[int, dict[str, Any]]:
        rows = self.tables.setdefault(table, {})
        if self._saved is not None and table not in self._saved:
            self._saved[table] = copy.deepcopy(rows)
        return rows

    @property
    def in_scope(self) -> bool:
        return self._scope is not None

    @property
    def in_transaction(self) -> bool:
        return self._scope == "transaction"

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._scope == "transaction":
            yield
            return
        if self._scope is not None:
            raise RuntimeError("a transaction cannot start inside a block of single statements")
        self._scope, self._saved = "transaction", {}
        self.log.append("transaction")
        try:
            yield
        except BaseException:
            self.tables.update(self._saved)
            self.log.append("rollback")
            raise
        else:
            self.log.append("commit")
        finally:
            self._scope, self._saved = None, None

    @contextmanager
    def statements(self) -> Iterator[None]:
        if self._scope is not None:
            yield
            return
        # Autocommit: each statement stands on its own, nothing is undone on an error.
        self._scope = "statements"
        self.log.append("statements")
        try:
            yield
        finally:
            self._scope = None

    # Builders: rows as the database would hold them, stored outside any scope.
    def add_user(self, name: str = "Alex Doe") -> int:
        return int(
            self.users.insert(email=f"{name}@example.com", password_hash="x", name=name)["id"]
        )

    def add_resume(self, user_id: int, text: str = "Alex Doe\nPython, SQL") -> int:
        row = self.resumes.insert(
            user_id=user_id,
            file_path="resume.md",
            original_filename="resume.md",
            content_type="text/markdown",
            parsed_text=text,
        )
        return int(row["id"])

    def job(self, job_id: int) -> dict[str, Any]:
        return self.jobs.rows[job_id]
