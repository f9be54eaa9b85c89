"""Failed logins per email address, so a password cannot be guessed at the API's speed.

A fixed 15-minute window per address. The counts live in Redis when the broker is Redis, so
every API replica sees the same count; with the embedded broker (one process) they live in
memory. Keys hold a hash of the address, never the address itself.
"""

from __future__ import annotations

import hashlib
import threading
import time
from functools import lru_cache
from typing import Protocol

import redis

from tailor_core.errors import TooManyAttempts
from tailor_core.settings import get_settings

WINDOW_SECONDS = 15 * 60
MESSAGE = "too many failed logins for this email address; try again later"


class Counter(Protocol):
    def count(self, key: str) -> tuple[int, int]: ...
    def add(self, key: str) -> None: ...
    def clear(self, key: str) -> None: ...


class RedisCounter:
    def __init__(self, url: str, prefix: str) -> None:
        self._client = redis.Redis.from_url(url, socket_timeout=2)
        self._prefix = f"{prefix}tailor:login-failures:"

    def count(self, key: str) -> tuple[int, int]:
        pipe = self._client.pipeline()
        pipe.get(self._prefix + key)
        pipe.ttl(self._prefix + key)
        raw, ttl = pipe.execute()
        return int(raw or 0), max(int(ttl), 1)

    def add(self, key: str) -> None:
        pipe = self._client.pipeline()
        pipe.incr(self._prefix + key)
        pipe.expire(self._prefix + key, WINDOW_SECONDS, nx=True)
        pipe.execute()

    def clear(self, key: str) -> None:
        self._client.delete(self._prefix + key)


class MemoryCounter:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: dict[str, tuple[int, float]] = {}

    def count(self, key: str) -> tuple[int, int]:
        with self._lock:
            failures, ends = self._failures.get(key, (0, 0.0))
        left = ends - time.monotonic()
        return (failures, int(left) + 1) if left > 0 else (0, 0)

    def add(self, key: str) -> None:
        with self._lock:
            failures, ends = self._failures.get(key, (0, 0.0))
            if ends <= time.monotonic():
                failures, ends = 0, time.monotonic() + WINDOW_SECONDS
            self._failures[key] = (failures + 1, ends)

    def clear(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


@lru_cache(maxsize=1)
def counter() -> Counter:
    settings = get_settings()
    if settings.broker_url.startswith(("redis://", "rediss://")):
        return RedisCounter(settings.broker_url, settings.redis_key_prefix)
    return MemoryCounter()


def _key(email: str) -> str:
    return hashlib.sha256(email.strip().casefold().encode()).hexdigest()


def check(email: str) -> None:
    failures, retry_after = counter().count(_key(email))
    if failures >= get_settings().login_max_failures:
        raise TooManyAttempts(MESSAGE, retry_after)


def failed(email: str) -> None:
    counter().add(_key(email))


def succeeded(email: str) -> None:
    counter().clear(_key(email))
