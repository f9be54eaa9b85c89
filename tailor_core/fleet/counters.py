"""Counters that only go up, shared by every process of the fleet: one Redis hash.

The events worth counting happen in different processes on different hosts: a job is submitted
by an API replica or a short-lived `tailor jobs submit`, finished by a prefork worker child on
another machine, cancelled by the API. prometheus_client's multiprocess mode shares values
through files in one local directory, so it cannot add up processes on different hosts (and a
CLI run would leave a file per process behind). One hash in the Redis the fleet already shares
can: each event is one MULTI/EXEC of HINCRBY(FLOAT)s, so a scrape's HGETALL sees an event
whole or not at all. The key carries TAILOR_REDIS_KEY_PREFIX like every other Tailor key.

If the hash is lost (Redis restarted without persistence, or evicted it), the counters start
again from zero: Prometheus reads a drop in a counter as a reset, so rate() stays right.
With the embedded broker (one machine, `tailor demo`) there is no Redis: the counts live in
the memory of the process that makes them.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from tailor_core.settings import get_settings

if TYPE_CHECKING:
    import redis

KEY = "tailor:metrics"


class CounterStore(Protocol):
    def add(self, amounts: Mapping[str, float]) -> None: ...
    def read(self) -> dict[str, float]: ...


class RedisCounters:
    def __init__(self, url: str, key: str) -> None:
        import redis  # here, not at the top: CLI commands that count nothing skip loading it

        # Short timeouts: counting must never hold a job or a request up for long.
        self._client: redis.Redis = redis.Redis.from_url(
            url, socket_timeout=2, socket_connect_timeout=2
        )
        self.key = key

    def add(self, amounts: Mapping[str, float]) -> None:
        pipe = self._client.pipeline(transaction=True)  # MULTI/EXEC: all fields or none
        for name, amount in amounts.items():
            if isinstance(amount, int):
                pipe.hincrby(self.key, name, amount)
            else:
                pipe.hincrbyfloat(self.key, name, amount)
        pipe.execute()

    def read(self) -> dict[str, float]:
        raw: dict[bytes, bytes] = self._client.hgetall(self.key)  # type: ignore[assignment]
        return {name.decode(): float(value) for name, value in raw.items()}


class MemoryCounters:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[str, float] = {}

    def add(self, amounts: Mapping[str, float]) -> None:
        with self._lock:
            for name, amount in amounts.items():
                self._values[name] = self._values.get(name, 0) + amount

    def read(self) -> dict[str, float]:
        with self._lock:
            return dict(self._values)


@lru_cache(maxsize=1)
def counters() -> CounterStore:
    settings = get_settings()
    if settings.broker_url.startswith(("redis://", "rediss://")):
        return RedisCounters(settings.broker_url, f"{settings.redis_key_prefix}{KEY}")
    return MemoryCounters()
