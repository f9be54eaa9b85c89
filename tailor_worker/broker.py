"""The broker as seen from outside a task: is it reachable, how many messages wait."""

from __future__ import annotations

import base64
import json
import logging
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import redis
from kombu.exceptions import ChannelError

from tailor_core.errors import ConfigurationError
from tailor_worker.app import app
from tailor_worker.routing import JOBS_QUEUE, PROCESS_JOB

log = logging.getLogger(__name__)


# kombu's bookkeeping of delivered, unacknowledged messages (the key prefix applies).
UNACKED = "unacked"
UNACKED_INDEX = "unacked_index"


def broker_reachable(timeout: float = 2.0) -> bool:
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=timeout)
            return True
    except Exception:
        return False


def queue_depth(queue: str = JOBS_QUEUE) -> int:
    """Messages waiting in the queue (Redis LLEN, with the key prefix)."""
    with app.connection_for_read() as connection:
        if not app.conf.broker_url.startswith("filesystem"):
            # kombu's own count (queue_declare) reads 0 when a global key prefix is set.
            client = _plain(connection)
            return int(client.llen(_prefix() + queue))
        try:
            declared = connection.default_channel.queue_declare(queue=queue, passive=True)
        except ChannelError:
            # Redis deletes an empty list, and kombu then reports the queue as missing.
            return 0
        return int(declared.message_count)


# A held message (prefetched, or a countdown retry waiting for its time) counts as live while
# a live worker lists it in HELD_BY_WORKERS (each worker's heartbeat refreshes its entry), or
# while it was delivered, or is due, within the grace period (a heartbeat may not list it yet).
HELD_BY_WORKERS = "tailor.held"
HELD_FRESH_SECONDS = 15.0
HELD_FORGET_SECONDS = 3600.0
MAX_QUEUE_SCAN = 200_000
_SCAN_CHUNK = 1000


def live_messages(candidates: Sequence[int], grace: float) -> set[int]:
    """Which of these PENDING jobs have a message waiting in the queue or held by a live worker.

    Held messages are kombu's unacked records; one delivered more than `grace` seconds ago and
    not due later (a countdown) belongs to a worker that died. The queue is read from its oldest
    end, where the oldest PENDING jobs' messages are, until every candidate is found.
    """
    wanted = set(candidates)
    if not wanted:
        return set()
    if app.conf.broker_url.startswith("filesystem"):
        # The embedded broker keeps no record of held messages: only an empty queue is telling.
        return set() if queue_depth() == 0 else wanted
    prefix = _prefix()
    with app.connection_for_read() as connection:
        client = _plain(connection)
        found = set(_held(client, prefix, time.time() - grace).values()) & wanted
        remaining = wanted - found
        total = int(client.llen(prefix + JOBS_QUEUE))
        end = total
        while remaining and end > 0 and total - end < MAX_QUEUE_SCAN:
            start = max(0, end - _SCAN_CHUNK)
            for raw in client.lrange(prefix + JOBS_QUEUE, start, end - 1):
                job_id = _job_of(raw)
                if job_id in remaining:
                    remaining.discard(job_id)
                    found.add(job_id)
            end = start
        if end > 0 and total - end >= MAX_QUEUE_SCAN:
            # Not read: count the rest as waiting rather than publish a duplicate of each.
            found |= remaining
    return found


def live_doorbells(grace: float) -> int | None:
    """Job messages queued or held by a live worker, whatever job id they carry (None: the
    embedded broker cannot say). The queue is counted whole (LLEN), so a beat sweep message
    waiting in it counts too: at worst a lost job waits one more sweep."""
    if app.conf.broker_url.startswith("filesystem"):
        return None
    prefix = _prefix()
    with app.connection_for_read() as connection:
        client = _plain(connection)
        queued = int(client.llen(prefix + JOBS_QUEUE))
        return queued + len(_held(client, prefix, time.time() - grace))


def announce_held(worker: str, tags: Sequence[str]) -> None:
    """Record the delivery tags a live worker holds (its heartbeat calls this every few s)."""
    with app.connection_for_write() as connection:
        record = json.dumps({"time": time.time(), "tags": list(tags)})
        _plain(connection).hset(_prefix() + HELD_BY_WORKERS, worker, record)


def _held_by_live_workers(client: Any, prefix: str) -> set[str]:
    tags: set[str] = set()
    now = time.time()
    for worker, raw in client.hgetall(prefix + HELD_BY_WORKERS).items():
        try:
            record = json.loads(raw)
            age = now - float(record["time"])
        except (ValueError, KeyError, TypeError):
            age = float("inf")
        if age <= HELD_FRESH_SECONDS:
            tags.update(str(tag) for tag in record.get("tags", []))
        elif age > HELD_FORGET_SECONDS:
            client.hdel(prefix + HELD_BY_WORKERS, worker)
    return tags


def _held(client: Any, prefix: str, alive_after: float) -> dict[str, int]:
    """Job messages held by live workers: delivery tag -> job id.

    A held message is live when it was delivered (or is due, for a countdown) after
    `alive_after`, or when a live worker lists its tag in its heartbeat.
    """
    index = client.zrange(prefix + UNACKED_INDEX, 0, -1, withscores=True)
    delivered = {_text(tag): float(score) for tag, score in index}
    live_tags = _held_by_live_workers(client, prefix)
    held: dict[str, int] = {}
    for tag, record in client.hgetall(prefix + UNACKED).items():
        try:
            payload = json.loads(record)[0]
        except (ValueError, IndexError, TypeError):
            continue
        job_id = _job_of(payload)
        if job_id is None:
            continue
        due = _eta(payload)
        recent = max(delivered.get(_text(tag), 0.0), due) >= alive_after
        if recent or _text(tag) in live_tags:
            held[_text(tag)] = job_id
    return held


def _job_of(raw: Any) -> int | None:
    """The job id of a `tailor.process_job` message (raw JSON or decoded), or None."""
    try:
        payload = json.loads(raw) if isinstance(raw, bytes | str) else raw
        if payload["headers"]["task"] != PROCESS_JOB:
            return None
        args = json.loads(base64.b64decode(payload["body"]))[0]
        job_id = args[0]
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return job_id if isinstance(job_id, int) and not isinstance(job_id, bool) else None


def _eta(payload: Any) -> float:
    try:
        return datetime.fromisoformat(payload["headers"]["eta"]).timestamp()
    except (KeyError, TypeError, ValueError):
        return 0.0


def eviction_problem() -> str | None:
    """Why this Redis may silently drop queued messages, or None when it cannot.

    With any `maxmemory-policy` but `noeviction`, a full Redis deletes keys, the queue among
    them, right after a publish that reported success. Read from INFO, which managed services
    allow even where CONFIG is disabled.
    """
    if app.conf.broker_url.startswith("filesystem"):
        return None
    with app.connection_for_read() as connection:
        client: Any = connection.default_channel.client
        memory = client.info("memory")
    policy = str(memory.get("maxmemory_policy", "noeviction"))
    if policy == "noeviction":
        return None
    return (
        f"Redis has maxmemory-policy {policy}: when full it deletes queued messages. "
        "Set `maxmemory-policy noeviction` (or TAILOR_REDIS_EVICTION=warn to start anyway)"
    )


def check_eviction_policy(mode: str) -> str | None:
    """Raise ConfigurationError (mode "refuse") or log and return the problem (mode "warn")."""
    try:
        problem = eviction_problem()
    except Exception as exc:
        # Unreachable now: the publish path copes with that; the check is not a liveness test.
        log.warning("could not check Redis's maxmemory-policy: %s: %s", type(exc).__name__, exc)
        return None
    if problem is None:
        return None
    if mode == "refuse":
        raise ConfigurationError(problem)
    log.warning("%s", problem)
    return problem


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _prefix() -> str:
    return str(app.conf.broker_transport_options.get("global_keyprefix", ""))


def _plain(connection: Any) -> redis.Redis:
    # kombu's client prefixes only some commands (not LRANGE or HGETALL): read through a plain
    # client on the same connections (password, TLS), with the keys prefixed by the caller.
    return redis.Redis(connection_pool=connection.default_channel.client.connection_pool)
