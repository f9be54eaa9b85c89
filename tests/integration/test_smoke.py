from __future__ import annotations

from tailor_core.database import current_revision, head_revision


def test_database_is_migrated_to_head(database: str) -> None:
    assert current_revision() == head_revision() == "0005"
