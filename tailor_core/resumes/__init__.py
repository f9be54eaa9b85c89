"""Resumes: the original design's resume operations.

- `crud`: create, read, update, delete (each call is one unit of work).
Reading an uploaded file into text is `tailor_core.parsing.uploads`.

The original design's resume operations are importable from here as well as from `crud`
(`from tailor_core.resumes import create_resume`). They load on first use, like
`tailor_core.jobs`'s and `tailor_core.users`', so importing the package costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tailor_core.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from tailor_core.resumes.crud import (
        create_resume,
        delete_resume,
        get_all_resumes,
        get_resume_by_id,
        get_resumes_by_user_id,
        update_resume,
    )

__all__ = [
    "create_resume",
    "delete_resume",
    "get_all_resumes",
    "get_resume_by_id",
    "get_resumes_by_user_id",
    "update_resume",
]


__getattr__ = lazy_exports(__name__, "crud", __all__)
