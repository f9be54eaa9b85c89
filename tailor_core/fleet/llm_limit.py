"""The language model's limits across the whole fleet: requests and tokens per window.

Every worker asks one Redis for a slot before it calls the model, so twenty workers together
stay under the provider's limit where Celery's own `rate_limit` (per worker) cannot. The state
is a sliding log per limit (a sorted set of the requests of the last window, each with its
tokens), checked and updated by one Lua script, so "at most N in any window" holds exactly and
no two workers can take the last slot. Redis's own clock is used, not the workers'.

A provider's 429 with Retry-After stops the whole fleet for that long (a key every acquire
checks first). A wait up to SHORT_WAIT seconds is slept where it is; a longer one raises
`RateLimited`, and the worker hands the job back to the queue for that long (tailor_core.
processing) instead of holding a worker slot. Without Redis (the embedded defaults: one host),
the same log is kept in the process.
"""

from __future__ import annotations

import itertools
import logging
import math
import threading
import time
from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tailor_core.errors import RateLimited, TransientError
from tailor_core.settings import Settings, get_settings

log = logging.getLogger(__name__)

# A slot is counted from the moment it is granted, but the provider counts the request when it
# arrives, a little later (a cold worker's first connection took 0.1 s on the test machine).
# Counting each window this much longer keeps the provider's count under the limit too.
MARGIN_MS = 250

# Waits this short are slept in the worker: handing the job back costs two statements and a
# delayed message, more than the wait itself.
SHORT_WAIT = 2.0

# KEYS: requests log, tokens log, id counter, fleet-wide block.
# ARGV: max requests, max tokens, tokens of this request, window (ms).
# Returns 0 (granted, the request id in the second slot) or the wait in ms.
ACQUIRE = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
local max_requests = tonumber(ARGV[1])
local max_tokens = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local window = tonumber(ARGV[4])
local blocked = tonumber(redis.call('GET', KEYS[4]) or '0')
if blocked > now then
  return {blocked - now, 0}
end
if max_requests == 0 and max_tokens == 0 then
  return {0, 0}
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
local wait = 0
if max_requests > 0 then
  local count = redis.call('ZCARD', KEYS[1])
  if count >= max_requests then
    local freeing = redis.call('ZRANGE', KEYS[1], count - max_requests, count - max_requests,
                               'WITHSCORES')
    wait = math.max(wait, tonumber(freeing[2]) + window - now + 1)
  end
end
if max_tokens > 0 then
  local entries = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
  local used = 0
  for i = 1, #entries, 2 do
    used = used + tonumber(string.match(entries[i], ':(%d+)$'))
  end
  local over = used + cost - max_tokens
  if over > 0 then
    for i = 1, #entries, 2 do
      over = over - tonumber(string.match(entries[i], ':(%d+)$'))
      if over <= 0 then
        wait = math.max(wait, tonumber(entries[i + 1]) + window - now + 1)
        break
      end
    end
  end
end
if wait > 0 then
  return {wait, 0}
end
local id = redis.call('INCR', KEYS[3])
redis.call('ZADD', KEYS[1], now, id)
redis.call('ZADD', KEYS[2], now, id .. ':' .. cost)
redis.call('PEXPIRE', KEYS[1], window)
redis.call('PEXPIRE', KEYS[2], window)
return {0, id}
"""

# KEYS: tokens log. ARGV: request id, tokens estimated, tokens used. Corrects the estimate.
SETTLE = """
local old = ARGV[1] .. ':' .. ARGV[2]
local score = redis.call('ZSCORE', KEYS[1], old)
if score then
  redis.call('ZREM', KEYS[1], old)
  redis.call('ZADD', KEYS[1], score, ARGV[1] .. ':' .. ARGV[3])
end
return 0
"""

# KEYS: fleet-wide block. ARGV: milliseconds. Never shortens a longer block.
BLOCK = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
local until_ms = now + tonumber(ARGV[1])
if until_ms > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], until_ms, 'PX', tonumber(ARGV[1]))
end
return 0
"""


@dataclass(frozen=True)
class Grant:
    request_id: int
    tokens: int


class _RedisLog:
    def __init__(self, settings: Settings) -> None:
        import redis

        self._client: Any = redis.Redis.from_url(settings.broker_url)
        base = f"{settings.redis_key_prefix}tailor:llm:"
        self._keys = [base + "requests", base + "tokens", base + "ids", base + "blocked"]
        self._acquire = self._client.register_script(ACQUIRE)
        self._settle = self._client.register_script(SETTLE)
        self._block = self._client.register_script(BLOCK)

    def acquire(self, max_requests: int, max_tokens: int, cost: int, window_ms: int) -> list[int]:
        import redis

        try:
            result = self._acquire(
                keys=self._keys, args=[max_requests, max_tokens, cost, window_ms]
            )
        except redis.RedisError as exc:
            # Without the shared count the limit cannot be kept: wait and retry, never guess.
            raise TransientError(
                f"Redis did not answer for the language model's limit: {exc}"
            ) from None
        return [int(result[0]), int(result[1])]

    def settle(self, request_id: int, estimated: int, used: int) -> None:
        self._settle(keys=[self._keys[1]], args=[request_id, estimated, used])

    def block(self, milliseconds: int) -> None:
        self._block(keys=[self._keys[3]], args=[milliseconds])

    def clear(self) -> None:
        self._client.delete(*self._keys)


class _LocalLog:
    """The same log in one process, for the embedded defaults (no Redis, one host)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: deque[tuple[float, int, int]] = deque()  # (ms, id, tokens)
        self._ids = itertools.count(1)
        self._blocked = 0.0

    def acquire(self, max_requests: int, max_tokens: int, cost: int, window_ms: int) -> list[int]:
        with self._lock:
            now = time.monotonic() * 1000
            if self._blocked > now:
                return [math.ceil(self._blocked - now), 0]
            if not max_requests and not max_tokens:
                return [0, 0]
            while self._entries and self._entries[0][0] <= now - window_ms:
                self._entries.popleft()
            wait = 0.0
            if max_requests and len(self._entries) >= max_requests:
                freeing = self._entries[len(self._entries) - max_requests][0]
                wait = max(wait, freeing + window_ms - now + 1)
            used = sum(entry[2] for entry in self._entries)
            over = used + cost - max_tokens
            if max_tokens and over > 0:
                for stamp, _, tokens in self._entries:
                    over -= tokens
                    if over <= 0:
                        wait = max(wait, stamp + window_ms - now + 1)
                        break
            if wait > 0:
                return [math.ceil(wait), 0]
            request_id = next(self._ids)
            self._entries.append((now, request_id, cost))
            return [0, request_id]

    def settle(self, request_id: int, estimated: int, used: int) -> None:
        with self._lock:
            self._entries = deque(
                (stamp, rid, used if rid == request_id else tokens)
                for stamp, rid, tokens in self._entries
            )

    def block(self, milliseconds: int) -> None:
        with self._lock:
            self._blocked = max(self._blocked, time.monotonic() * 1000 + milliseconds)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._blocked = 0.0


@lru_cache(maxsize=1)
def _log() -> _RedisLog | _LocalLog:
    settings = get_settings()
    if settings.broker_url.startswith(("redis://", "rediss://")):
        return _RedisLog(settings)
    return _LocalLog()


def estimate_tokens(characters: int) -> int:
    # About four characters a token in English; the answer is a whole resume again, about as
    # long as the prompt's resume and draft, so the prompt's size is counted twice.
    return max(1, 2 * characters // 4)


def acquire(tokens: int) -> Grant | None:
    """Take a slot for one request of about `tokens` tokens (with no limit set, only a
    provider's Retry-After is waited for). Sleeps through a short wait; raises RateLimited for a
    long one.
    """
    settings = get_settings()
    max_requests, max_tokens = settings.llm_requests_per_minute, settings.llm_tokens_per_minute
    cost = min(tokens, max_tokens) if max_tokens else tokens
    window_ms = settings.llm_limit_window * 1000 + MARGIN_MS
    deadline = time.monotonic() + SHORT_WAIT
    while True:
        wait_ms, request_id = _log().acquire(max_requests, max_tokens, cost, window_ms)
        if wait_ms == 0:
            return Grant(request_id, cost)
        wait = wait_ms / 1000
        if time.monotonic() + wait > deadline:
            raise RateLimited(
                f"the language model's limit is reached; waiting {wait:.1f} s for a slot",
                retry_after=wait,
            )
        time.sleep(wait)


def settle(grant: Grant | None, used_tokens: int | None) -> None:
    """Replace a request's estimated tokens by what the provider says it used."""
    if grant is None or not grant.request_id or used_tokens is None or used_tokens == grant.tokens:
        return
    try:
        _log().settle(grant.request_id, grant.tokens, max(0, used_tokens))
    except Exception:
        # The estimate stays: the limit is still kept, a little more cautiously.
        log.warning("could not record the model's token usage", exc_info=True)


def provider_refused(retry_after: float) -> None:
    """The provider answered 429: nobody in the fleet calls it for `retry_after` seconds."""
    _log().block(max(1, math.ceil(retry_after * 1000)))


def clear() -> None:
    """Forget the counted requests and any pause (tests; an operator after changing limits)."""
    _log().clear()
    _log.cache_clear()
