"""How long a task waits before its next retry: one rule for jobs and webhooks."""

from __future__ import annotations

from tailor_core.settings import get_settings

MAX_BACKOFF_SECONDS = 300


def backoff(retries: int) -> int:
    """2, 4, 8, ... seconds, capped at 5 minutes and well below the broker's visibility
    timeout, so a message waiting for its retry is never handed to a second worker."""
    cap = min(MAX_BACKOFF_SECONDS, get_settings().visibility_timeout // 4)
    return int(min(cap, 2 ** (retries + 1)))
