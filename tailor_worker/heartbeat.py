"""The worker's heartbeat file: proof that its event loop runs and that it still consumes.

A Celery worker can stay up, answer `celery inspect ping`, and yet never fetch another message
after a Redis reconnect (a known Celery failure). Every `BEAT_SECONDS` the worker's own event
loop writes what it knows: when it last received a message, how many it holds, how many it may
hold, and since when messages have waited in the queue while it received none.
`python -m tailor_worker.health` (tailor_worker.health) judges the file; the compose healthcheck
runs it.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
from pathlib import Path
from typing import Any

from celery import bootsteps
from celery.signals import task_received
from celery.worker import state

from tailor_core.settings import get_settings

BEAT_SECONDS = 5.0

log = logging.getLogger(__name__)
_last_received = time.time()


@task_received.connect
def _received(**_: Any) -> None:
    global _last_received
    _last_received = time.time()


class Heartbeat(bootsteps.StartStopStep):
    """Worker bootstep: writes the heartbeat from the event loop (a thread for loop-less pools)."""

    requires = ("celery.worker.components:Hub",)

    def __init__(self, worker: Any, **kwargs: Any) -> None:
        super().__init__(worker, **kwargs)
        self._path = get_settings().health_file
        self._waiting_since: float | None = None
        self._stop = threading.Event()

    def start(self, worker: Any) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        hub = getattr(worker, "hub", None)
        if hub is not None:
            hub.call_repeatedly(BEAT_SECONDS, self.beat, worker)
        else:
            threading.Thread(target=self._loop, args=(worker,), daemon=True).start()
        self.beat(worker)

    def stop(self, worker: Any) -> None:
        self._stop.set()

    def _loop(self, worker: Any) -> None:
        while not self._stop.wait(BEAT_SECONDS):
            self.beat(worker)

    def beat(self, worker: Any) -> None:
        now = time.time()
        waiting = _queue_depth()
        if not waiting:
            self._waiting_since = None
        elif self._waiting_since is None or _last_received >= self._waiting_since:
            # Messages wait, but this worker received one since the last look: it consumes.
            self._waiting_since = now
        consumer = getattr(worker, "consumer", None)
        qos = getattr(consumer, "qos", None)
        record = {
            "pid": os.getpid(),
            "time": now,
            "last_received": _last_received,
            "held": len(state.reserved_requests),
            "may_hold": int(getattr(qos, "value", 0) or 0),
            "queue_depth": waiting,
            "waiting_since": self._waiting_since,
        }
        _write(self._path, record)
        _announce_held(consumer)


def _queue_depth() -> int | None:
    from tailor_worker.broker import queue_depth

    try:
        return queue_depth()
    except Exception:
        # The broker is away: the consumer's own reconnect deals with it; the file says so.
        return None


def _announce_held(consumer: Any) -> None:
    """Tell the sweeper which messages this live worker holds (prefetched, or countdowns)."""
    from tailor_worker.broker import announce_held

    try:
        channel = consumer.task_consumer.channel
        tags = [str(tag) for tag in channel.qos._delivered]
        announce_held(socket.gethostname() + f":{os.getpid()}", tags)
    except Exception as exc:
        # Without it the sweeper falls back on delivery times; a duplicate is harmless.
        log.debug("could not announce held messages: %s", exc)


def _write(path: Path, record: dict[str, Any]) -> None:
    temporary = path.with_suffix(".tmp")
    try:
        temporary.write_text(json.dumps(record))
        temporary.replace(path)  # atomic: the checker never reads half a file
    except OSError as exc:
        log.warning("could not write the heartbeat %s: %s", path, exc)
