from __future__ import annotations

from tailor_core.errors import InvalidInput

MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 100


def check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise InvalidInput(f"limit must be between 1 and {MAX_PAGE_SIZE}, got {limit}")
    if offset < 0:
        raise InvalidInput(f"offset must not be negative, got {offset}")
