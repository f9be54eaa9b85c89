"""What SQLite makes of the expressions each database spells differently
(tailor_core.db.expressions); PostgreSQL runs them in every integration test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, create_engine, func, insert, select, update
from sqlalchemy.orm import aliased

from tailor_core.db.base import Base
from tailor_core.db.expressions import greatest, inline, seconds_from_now
from tailor_core.db.models import Job, Resume, User


@pytest.fixture
def sqlite() -> Iterator[Connection]:
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with engine.connect() as connection:
        yield connection
    engine.dispose()


@pytest.mark.parametrize("seconds", [-60, -0.5, 30, 2.5])
def test_seconds_from_now_moves_the_clock_either_way(sqlite: Connection, seconds: float) -> None:
    later, now = sqlite.execute(
        select(func.strftime("%s", seconds_from_now(seconds)), func.strftime("%s", "now"))
    ).one()
    assert later is not None, "a modifier SQLite cannot read gives NULL, silently"
    assert int(later) - int(now) == pytest.approx(seconds, abs=1)


def test_greatest_and_inline(sqlite: Connection) -> None:
    assert sqlite.execute(select(greatest(inline(3), inline(7), inline(5)))).scalar_one() == 7
    assert sqlite.execute(select(inline("it's"))).scalar_one() == "it's"


def test_a_subquery_in_returning_keeps_its_qualified_columns(sqlite: Connection) -> None:
    sqlite.execute(insert(User).values(id=1, email="a@example.com", password_hash="x", name="A"))
    sqlite.execute(
        insert(Resume).values(id=1, user_id=1, file_path="/r", original_filename="r.txt")
    )
    common = {"user_id": 1, "resume_id": 1, "title": "T", "company_name": "C"}
    for job_id, status in ((1, "PROCESSING"), (2, "COMPLETED")):
        sqlite.execute(insert(Job).values(id=job_id, job_description="D", status=status, **common))
    other = aliased(Job, name="other")
    # Unqualified, `other.id <> jobs.id` would read `id <> id`: false for every row.
    others = select(func.count()).where(other.id != Job.id).scalar_subquery()
    row = sqlite.execute(
        update(Job).where(Job.id == 1).values(title="U").returning(Job.id, others.label("n"))
    ).one()
    assert tuple(row) == (1, 1)
