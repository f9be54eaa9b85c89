"""Pages of users for the read commands, through SQLAlchemy Core only.

The same records as tailor_core.users.get_all_users (which hands them on as dicts), without
importing the ORM: `tailor users list` starts faster.
"""

from __future__ import annotations

from tailor_core.db.session import single_statements
from tailor_core.records import UserRecord
from tailor_core.repositories import listings as repo
from tailor_core.repositories.paging import DEFAULT_PAGE_SIZE


def list_users(limit: int = DEFAULT_PAGE_SIZE, offset: int = 0) -> list[UserRecord]:
    """Users oldest first, without their password hashes."""
    with single_statements() as connection:
        return repo.users_page(connection, limit=limit, offset=offset)
