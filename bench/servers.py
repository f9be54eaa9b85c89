"""The benchmark's own PostgreSQL database and Redis key prefix, created and removed by it.

`BenchServers` points the environment at them before any Tailor module is imported, so the
bench process and its worker subprocesses read their settings exactly as in production.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

# The tests' isolation helpers: the benchmark isolates itself on the shared servers the same way.
from tests.support.isolation import (
    create_database,
    database_url_for,
    delete_redis_prefix,
    drop_database,
)

DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
ROOT = Path(__file__).resolve().parent.parent

# Variables that would point Tailor somewhere else than the benchmark's servers.
FOREIGN = (
    "DB_HOST",
    "DB_NAME",
    "DB_USER",
    "DB_PASSWORD",
    "DB_PORT",
    "TAILOR_BROKER_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "TAILOR_ENGINE",
)


@dataclass
class BenchServers:
    admin_url: str = DEFAULT_ADMIN_URL
    redis_url: str = DEFAULT_REDIS_URL
    run_id: str = field(default_factory=lambda: secrets.token_hex(4))
    data_dir: Path = field(init=False)
    _created: bool = field(default=False, init=False)

    @property
    def database_name(self) -> str:
        return f"tailor_bench_{self.run_id}"

    @property
    def database_url(self) -> str:
        return database_url_for(self.admin_url, self.database_name)

    @property
    def redis_prefix(self) -> str:
        return f"tailor-bench-{self.run_id}:"

    def __enter__(self) -> BenchServers:
        self.data_dir = Path(tempfile.mkdtemp(prefix=f"tailor-bench-{self.run_id}-"))
        for name in FOREIGN:
            os.environ.pop(name, None)
        os.environ.update(
            {
                "DATABASE_URL": self.database_url,
                "REDIS_URL": self.redis_url,
                "BENCH_BROKER_URL": self.redis_url,
                "TAILOR_REDIS_KEY_PREFIX": self.redis_prefix,
                "TAILOR_DATA_DIR": str(self.data_dir),
                "TAILOR_LOG_LEVEL": "WARNING",
            }
        )
        try:
            create_database(self.admin_url, self.database_name)
            self._created = True
            from tailor_core.database import create_tables
            from tailor_core.db.session import reset_engine

            reset_engine()
            create_tables()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def worker_env(self, **extra: str) -> dict[str, str]:
        """The environment of a worker subprocess: this run's servers, imports from the repo."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "PYTEST_"))}
        path = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
        env.update({"PYTHONUNBUFFERED": "1", "PYTHONPATH": path, **extra})
        return env

    def purge_redis(self) -> int:
        return delete_redis_prefix(self.redis_url, self.redis_prefix)

    def close(self) -> None:
        from tailor_core.db.session import dispose_engine

        dispose_engine()
        if self._created:
            drop_database(self.admin_url, self.database_name)
            self._created = False
        self.purge_redis()
        shutil.rmtree(self.data_dir, ignore_errors=True)
