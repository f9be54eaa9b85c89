"""Users: the original design's user operations, their pages, and one user's own data.

- `crud`: create, read, update, delete (each call is one unit of work).
- `listings`: pages of users without the ORM.
- `ownership`: one user's own resumes and jobs, as the HTTP API sees them.

The original design's user operations are importable from here as well as from `crud`
(`from tailor_core.users import create_user`). They load on first use: the read commands import
`tailor_core.users.listings` and start faster without the ORM that `crud` brings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tailor_core.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from tailor_core.users.crud import (
        create_user,
        delete_user,
        delete_user_with_holdings,
        get_all_users,
        get_user_by_email,
        get_user_by_id,
        get_user_holdings,
        update_user,
    )

__all__ = [
    "create_user",
    "delete_user",
    "delete_user_with_holdings",
    "get_all_users",
    "get_user_by_email",
    "get_user_by_id",
    "get_user_holdings",
    "update_user",
]


__getattr__ = lazy_exports(__name__, "crud", __all__)
