"""Login attempts counted before the password is checked, per account, client and both.

Every attempt is counted atomically (Redis INCR in one transaction, or a lock in memory)
BEFORE the Argon2 verification, so parallel guesses cannot all slip under the limit while
the first ones are still being verified; a successful login takes its attempt back. Three
fixed 15-minute windows:

- per (email, client address): TAILOR_LOGIN_MAX_FAILURES — the limit a guesser meets first;
- per email from all addresses: ACCOUNT_FACTOR times that, so one address can never lock the
  person out (its own limit stops it first) while a spread-out attack is still bounded;
- per client address over all emails: CLIENT_FACTOR times that, so one address cannot walk
  through many accounts.

At most VERIFY_SLOTS Argon2 verifications run at once per API process (each takes 64 MiB);
an attempt that finds no free slot within VERIFY_WAIT seconds answers 503 with Retry-After.
The counts live in Redis when the broker is Redis, so every API replica sees the same count;
with the embedded broker (one process) they live in memory. Keys hold hashes, never the
address or the email itself.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Protocol

import redis

from tailor_core.errors import TooManyAttempts, TransientError
from tailor_core.settings import get_settings

WINDOW_SECONDS = 15 * 60
ACCOUNT_FACTOR = 5
CLIENT_FACTOR = 10
VERIFY_SLOTS = 4
VERIFY_WAIT = 1.0
MESSAGE = "too many failed logins for this email address; try again later"
CLIENT_MESSAGE = "too many failed logins from this address; try again later"
BUSY = "too many logins are being checked at once; retry in a second"

_verifying = threading.BoundedSemaphore(VERIFY_SLOTS)


class Counter(Protocol):
    def hit(self, keys: list[str]) -> list[tuple[int, int]]:
        """Add one attempt to each key at once; each key's count and seconds left."""
        ...

    def undo(self, keys: list[str]) -> None: ...
    def clear(self, key: str) -> None: ...


class RedisCounter:
    def __init__(self, url: str, prefix: str) -> None:
        self._client = redis.Redis.from_url(url, socket_timeout=2)
        self._prefix = f"{prefix}tailor:login-attempts:"

    def hit(self, keys: list[str]) -> list[tuple[int, int]]:
        pipe = self._client.pipeline(transaction=True)
        for key in keys:
            pipe.incr(self._prefix + key)
            pipe.expire(self._prefix + key, WINDOW_SECONDS, nx=True)
            pipe.ttl(self._prefix + key)
        replies = pipe.execute()
        return [(int(replies[i]), max(int(replies[i + 2]), 1)) for i in range(0, len(replies), 3)]

    def undo(self, keys: list[str]) -> None:
        pipe = self._client.pipeline(transaction=True)
        for key in keys:
            pipe.decr(self._prefix + key)
        pipe.execute()

    def clear(self, key: str) -> None:
        self._client.delete(self._prefix + key)


class MemoryCounter:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._attempts: dict[str, tuple[int, float]] = {}

    def hit(self, keys: list[str]) -> list[tuple[int, int]]:
        now = time.monotonic()
        found: list[tuple[int, int]] = []
        with self._lock:
            for key in keys:
                attempts, ends = self._attempts.get(key, (0, 0.0))
                if ends <= now:
                    attempts, ends = 0, now + WINDOW_SECONDS
                self._attempts[key] = (attempts + 1, ends)
                found.append((attempts + 1, int(ends - now) + 1))
        return found

    def undo(self, keys: list[str]) -> None:
        with self._lock:
            for key in keys:
                attempts, ends = self._attempts.get(key, (0, 0.0))
                if attempts > 0:
                    self._attempts[key] = (attempts - 1, ends)

    def clear(self, key: str) -> None:
        with self._lock:
            self._attempts.pop(key, None)


@lru_cache(maxsize=1)
def counter() -> Counter:
    settings = get_settings()
    if settings.broker_url.startswith(("redis://", "rediss://")):
        return RedisCounter(settings.broker_url, settings.redis_key_prefix)
    return MemoryCounter()


def _hash(kind: str, value: str) -> str:
    return kind + ":" + hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()


def _keys(email: str, client: str) -> tuple[str, str, str]:
    account = email.strip().casefold()
    return (
        _hash("pair", f"{account}\n{client}"),
        _hash("account", account),
        _hash("client", client),
    )


def attempt(email: str, client: str) -> None:
    """Count this attempt now; TooManyAttempts when any window is over its limit."""
    limit = get_settings().login_max_failures
    pair, account, from_client = counter().hit(list(_keys(email, client)))
    if from_client[0] > limit * CLIENT_FACTOR:
        raise TooManyAttempts(CLIENT_MESSAGE, from_client[1])
    if pair[0] > limit:
        raise TooManyAttempts(MESSAGE, pair[1])
    if account[0] > limit * ACCOUNT_FACTOR:
        raise TooManyAttempts(MESSAGE, account[1])


def succeeded(email: str, client: str) -> None:
    """A right password: its attempt was not a failure, and this pair starts afresh."""
    pair, account, from_client = _keys(email, client)
    counter().undo([account, from_client])
    counter().clear(pair)


@contextmanager
def verification_slot() -> Iterator[None]:
    """Bound concurrent Argon2 verifications (64 MiB each) so memory stays bounded."""
    if not _verifying.acquire(timeout=VERIFY_WAIT):
        raise TransientError(BUSY, retry_after=1)
    try:
        yield
    finally:
        _verifying.release()
