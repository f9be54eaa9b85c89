"""Keeping running jobs' leases fresh, so the sweeper can tell a slow job from a dead worker.

One renewer thread per process serves every job that process runs. (A thread per job cost a
start and a join on every job: 8% of a worker's time on short jobs, by the profile in
docs/PERFORMANCE.md.) A job's lease is renewed every third of its length; a job whose claim is
gone (cancelled, or handed to another attempt) is told so through `lost`.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass, field
from types import TracebackType

from tailor_core.db.session import single_statements
from tailor_core.errors import TransientError
from tailor_core.repositories import claims

log = logging.getLogger(__name__)


@dataclass(eq=False)
class _Held:
    job_id: int
    attempt: int
    lease_seconds: float
    due: float
    lost: threading.Event = field(default_factory=threading.Event)


class _Renewer:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._held: set[_Held] = set()
        self._thread: threading.Thread | None = None
        self._pid = 0
        # When the thread will next look by itself: a new job due later needs no wake-up (and
        # no context switch).
        self._next_look = 0.0
        # With nothing held, the thread still looks every (shortest lease) / 3 seconds, so a new
        # job, first due that long after it starts, never has to wake it: waking it for every
        # millisecond job cost 4% of a pool child's time.
        self._idle_wait = 3600.0

    def hold(self, held: _Held) -> None:
        with self._lock:
            self._held.add(held)
            self._idle_wait = min(self._idle_wait, held.lease_seconds / 3)
            if self._thread is None or self._pid != os.getpid() or not self._thread.is_alive():
                # Threads do not survive a fork: a pool child starts its own on first use.
                self._pid = os.getpid()
                self._thread = threading.Thread(target=self._run, name="lease-renewer", daemon=True)
                self._next_look = 0.0
                self._thread.start()
            wake = held.due < self._next_look
        if wake:
            self._wake.set()

    def release(self, held: _Held) -> None:
        with self._lock:
            self._held.discard(held)

    def _run(self) -> None:
        while True:
            with self._lock:
                held = list(self._held)
                now = time.monotonic()
                next_due = min((h.due for h in held), default=now + self._idle_wait)
                self._next_look = next_due
            if next_due > now:
                self._wake.wait(next_due - now)
                self._wake.clear()
                continue
            for due in (h for h in held if h.due <= now):
                self._renew(due)

    def _renew(self, held: _Held) -> None:
        held.due = time.monotonic() + held.lease_seconds / 3
        try:
            # Its own connection, not a task's unit of work: this thread serves every job the
            # process runs, while each task's unit of work belongs to the task's own thread.
            with single_statements() as connection:
                still = claims.renew_lease(
                    connection, held.job_id, held.attempt, held.lease_seconds
                )
        except TransientError as exc:
            # The lease still has time left; the next renewal may get through.
            log.warning("job %s: could not renew lease: %s", held.job_id, exc.message)
            return
        if not still:
            log.info("job %s: claim of attempt %s is gone", held.job_id, held.attempt)
            held.lost.set()
            self.release(held)


_renewer = _Renewer()


class LeaseKeeper:
    """Keeps one job's lease renewed while the `with` block runs; `lost` tells of a lost claim."""

    def __init__(self, job_id: int, attempt: int, lease_seconds: float) -> None:
        self._held = _Held(job_id, attempt, lease_seconds, time.monotonic() + lease_seconds / 3)
        self.lost = self._held.lost

    def __enter__(self) -> LeaseKeeper:
        _renewer.hold(self._held)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        _renewer.release(self._held)
