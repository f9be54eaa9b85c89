"""kombu's Redis transport, hardened: a bad queue entry or a full Redis never stops a worker.

- An entry that is not a kombu message (not JSON, or JSON of the wrong shape) would raise inside
  kombu's BRPOP reader and kill the worker ("Unrecoverable error: JSONDecodeError"). Here it is
  moved to the dead-letter list (`DEAD_LETTER_KEY`, capped) and logged in one line.
- Redis out of memory (`maxmemory` with `noeviction`) refuses the bookkeeping write kombu makes
  for each delivered message (its unacked index). The message is already popped, so it is
  processed anyway: if the worker then dies, the job's lease and the sweeper recover it.

Registered for the `redis://` and `rediss://` schemes by `install()` (tailor_worker.app).
"""

from __future__ import annotations

import json
import logging
from queue import Empty
from typing import Any

from kombu.transport import TRANSPORT_ALIASES, virtual
from kombu.transport import redis as kombu_redis
from kombu.utils.encoding import bytes_to_str
from redis.exceptions import OutOfMemoryError

DEAD_LETTER_KEY = "tailor.dead-letter"
DEAD_LETTER_KEEP = 1000
_PREVIEW = 80

log = logging.getLogger(__name__)


def _malformed(item: bytes | str) -> tuple[dict[str, Any] | None, str]:
    """The decoded message, or None and why it cannot be one."""
    try:
        payload = json.loads(bytes_to_str(item))
    except (ValueError, UnicodeDecodeError) as exc:
        return None, f"not JSON ({exc})"
    if not isinstance(payload, dict):
        return None, f"JSON {type(payload).__name__}, not a message"
    properties = payload.get("properties")
    info = properties.get("delivery_info") if isinstance(properties, dict) else None
    if not (
        isinstance(properties, dict)
        and isinstance(properties.get("delivery_tag"), str)
        and isinstance(info, dict)
        and {"exchange", "routing_key"} <= info.keys()
        and isinstance(payload.get("body", ""), str)
    ):
        return None, "JSON without a kombu message's properties"
    return payload, ""


class QoS(kombu_redis.QoS):
    def append(self, message: Any, delivery_tag: str) -> None:
        try:
            super().append(message, delivery_tag)
        except OutOfMemoryError:
            # Only the redelivery bookkeeping failed; the message is in hand, so run it.
            log.warning(
                "Redis is out of memory: message %s runs without its unacked record "
                "(raise maxmemory; a lost job is recovered by the sweeper)",
                delivery_tag,
            )
            virtual.QoS.append(self, message, delivery_tag)


class Channel(kombu_redis.Channel):
    QoS = QoS

    def _brpop_read(self, **options: Any) -> bool:
        # kombu's own reader, with the entry checked before it is handed on.
        try:
            try:
                dest__item = self.client.parse_response(self.client.connection, "BRPOP", **options)
            except self.connection_errors:
                self.client.connection.disconnect()
                raise
            if not dest__item:
                raise Empty()
            dest, item = dest__item
            dest = bytes_to_str(dest).rsplit(self.sep, 1)[0]
            self._queue_cycle.rotate(dest)
            payload, problem = _malformed(item)
            if payload is None:
                self._dead_letter(dest, item, problem)
            else:
                self.connection._deliver(payload, dest)
            return True
        finally:
            self._in_poll = None  # type: ignore[assignment]  # as kombu does
            self._flush_brpop_reauth()

    def _get(self, queue: str, timeout: Any = None) -> dict[str, Any]:
        # The polling path (basic_get), with the same check.
        while True:
            with self.conn_or_acquire() as client:
                for pri in self.priority_steps:
                    item = client.rpop(self._q_for_pri(queue, pri))
                    if item:
                        payload, problem = _malformed(item)
                        if payload is None:
                            self._dead_letter(queue, item, problem)
                            break
                        return payload
                else:
                    raise Empty()

    def _dead_letter(self, queue: str, item: bytes | str, problem: str) -> None:
        raw = item if isinstance(item, bytes) else item.encode("utf-8", "replace")
        preview = raw[:_PREVIEW].decode("utf-8", "replace")
        try:
            with self.conn_or_acquire() as client, client.pipeline() as pipe:
                # kombu's client prefixes LPUSH itself but not LTRIM.
                prefixed = getattr(self, "global_keyprefix", "") + DEAD_LETTER_KEY
                pipe.lpush(DEAD_LETTER_KEY, raw).ltrim(prefixed, 0, DEAD_LETTER_KEEP - 1)
                pipe.execute()
            where = f"moved to the list {DEAD_LETTER_KEY}"
        except Exception as exc:
            where = f"dropped (could not keep it: {type(exc).__name__})"
        log.error(
            "queue %s: undecodable entry %s, %s; %r (only Tailor's publishers may write there)",
            queue,
            where,
            problem,
            preview,
        )


class Transport(kombu_redis.Transport):
    Channel = Channel


def install() -> None:
    """Make `redis://` and `rediss://` URLs use this transport in this process."""
    TRANSPORT_ALIASES["redis"] = f"{__name__}:Transport"
    TRANSPORT_ALIASES["rediss"] = f"{__name__}:Transport"
