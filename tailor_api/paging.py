"""Cursors for keyset pagination (newest first): a page's `next_cursor` is its last id.

Clients should treat it as opaque and pass it back; it is a plain number so that the OpenAPI
document can describe every valid value exactly.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

CURSOR_PATTERN = r"^[1-9][0-9]{0,17}$"
Cursor = Annotated[
    str | None,
    Query(pattern=CURSOR_PATTERN, description="`next_cursor` of the previous page."),
]


def decode_cursor(cursor: str | None) -> int | None:
    return None if cursor is None else int(cursor)


def next_cursor(ids: list[int], limit: int) -> str | None:
    return str(ids[-1]) if len(ids) == limit else None
