"""Migration 0005 (fair share, quotas, batches) is additive: rows from 0004 survive the upgrade
with usable defaults, and the downgrade gives 0004's schema back with the rows.

Run on a database of its own for each dialect: PostgreSQL (a fresh database on the test server)
and SQLite (the embedded default, where Alembic rebuilds the table in batch mode).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text

from tailor_core.database import alembic_config
from tailor_core.db.session import build_engine
from tests.support import isolation
from tests.support import servers as test_servers

ROW_AT_0004 = [
    "INSERT INTO users (email, password_hash, name) VALUES ('m@example.com', 'x', 'M')",
    "INSERT INTO resumes (user_id, file_path, original_filename, content_type, parsed_text)"
    " VALUES (1, '/tmp/r', 'r.txt', 'text/plain', 'Python')",
    "INSERT INTO jobs (user_id, resume_id, title, company_name, job_description, status,"
    " attempts) VALUES (1, 1, 'T', 'C', 'D', 'PENDING', 0)",
]


@pytest.fixture(params=["postgresql", "sqlite"])
def empty_database(
    request: pytest.FixtureRequest, servers: test_servers.TestServers, tmp_path: Path
) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = build_engine(f"sqlite:///{tmp_path / 'migrate.db'}")
        yield engine
        engine.dispose()
        return
    assert servers.admin_database_url
    name = f"tailor_migrate_{isolation.run_id()}"
    isolation.create_database(servers.admin_database_url, name)
    engine = build_engine(isolation.database_url_for(servers.admin_database_url, name))
    try:
        yield engine
    finally:
        engine.dispose()
        isolation.drop_database(servers.admin_database_url, name)


def _migrate(engine: Engine, action: str, revision: str) -> None:
    with engine.begin() as connection:
        getattr(command, action)(alembic_config(connection), revision)


# SQLite's batch mode (0003 already) reflects the users table, whose case-insensitive email
# index SQLAlchemy cannot reflect; the index is not touched by these migrations.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_upgrade_keeps_0004_rows_with_defaults_and_downgrade_restores_0004(
    empty_database: Engine,
) -> None:
    engine = empty_database
    _migrate(engine, "upgrade", "0004")
    with engine.begin() as connection:
        for statement in ROW_AT_0004:
            connection.execute(text(statement))
    _migrate(engine, "upgrade", "head")
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT priority, fair_key, batch_id, not_before, status FROM jobs")
        ).one()
    assert tuple(row) == ("interactive", 0, None, None, "PENDING")
    tables = set(inspect(engine).get_table_names())
    assert {"batches", "user_quotas"} <= tables
    indexes = {index["name"] for index in inspect(engine).get_indexes("jobs")}
    assert {"ix_jobs_pending_fair", "ix_jobs_user_unfinished"} <= indexes
    _migrate(engine, "downgrade", "0004")
    columns = {column["name"] for column in inspect(engine).get_columns("jobs")}
    assert not columns & {"priority", "fair_key", "batch_id", "not_before"}
    assert not set(inspect(engine).get_table_names()) & {"batches", "user_quotas"}
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM jobs")).scalar_one() == 1
