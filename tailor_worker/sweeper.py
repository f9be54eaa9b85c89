"""Every worker runs the sweeper on a timer of its own; a Redis lock keeps it to one per interval.

The sweep used to be a task sent by `celery beat`: it waited at the back of the queue behind any
backlog (and expired there), and nothing recovered while beat was down. Now each worker's main
process looks every quarter interval; whoever takes the lock (`SET NX PX`, three quarters of an
interval) sweeps. A killed worker's job is therefore queued again within lease + interval while
any worker is alive, whatever the backlog, and there is no single scheduler to lose.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from typing import Any

from celery import bootsteps

from tailor_core.db.sql_unit_of_work import SqlUnitOfWork
from tailor_core.errors import TailorError
from tailor_core.recovery.sweeper import SweepReport, sweep
from tailor_core.settings import get_settings
from tailor_worker.app import app
from tailor_worker.broker import live_doorbells, live_messages
from tailor_worker.publisher import publish_jobs
from tailor_worker.webhook_delivery import enqueue_webhook

LOCK_KEY = "tailor.sweep-lock"

log = logging.getLogger(__name__)

# The pool forks its children from the main process, where this thread sweeps. A fork in the
# middle of a sweep copies the locks the sweep holds at that instant (a connection pool's, the
# broker client's) into the child, locked for good: the child hung on its first task, and the
# message it held was never run nor given back. So a fork waits for the sweep in progress to end,
# and no sweep starts while a fork is under way.
_sweeping = threading.Lock()
os.register_at_fork(
    before=_sweeping.acquire,
    after_in_parent=_sweeping.release,
    after_in_child=_sweeping.release,
)


def _take_lock(interval: float) -> bool:
    if app.conf.broker_url.startswith("filesystem"):
        # The embedded broker serves one machine: sweeping twice only costs a query.
        return True
    with app.connection_for_write() as connection:
        client: Any = connection.default_channel.client
        ttl_ms = max(100, int(interval * 750))
        return bool(client.set(LOCK_KEY, socket.gethostname(), nx=True, px=ttl_ms))


def run_sweep(*, locked: bool = True) -> SweepReport | None:
    """One sweep if this process wins the lock; never raises (it logs one line instead)."""
    settings = get_settings()
    try:
        if locked and not _take_lock(settings.sweep_interval):
            return None
        report = sweep(
            settings,
            live_messages=lambda ids: live_messages(ids, settings.republish_after),
            publish_many=publish_jobs,
            doorbells=lambda: live_doorbells(settings.republish_after),
            uow=SqlUnitOfWork(),  # each sweep its own: the timer thread is its boundary
        )
    except TailorError as exc:
        # Database or broker away: the next tick tries again; a traceback would add nothing.
        log.warning("sweeper: skipped this round: %s", exc.message)
        return None
    except Exception as exc:
        log.warning("sweeper: skipped this round: %s: %s", type(exc).__name__, exc)
        return None
    for job_id in report.failed_with_callback:
        enqueue_webhook(job_id)
    return report


class SweepTimer(bootsteps.StartStopStep):
    """Worker bootstep: a daemon thread in the main process that ticks every quarter interval."""

    # Started once the pool has forked its first children (later forks wait on _sweeping).
    requires = ("celery.worker.components:Pool",)

    def __init__(self, worker: Any, **kwargs: Any) -> None:
        super().__init__(worker, **kwargs)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, worker: Any) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="tailor-sweeper", daemon=True)
        self._thread.start()

    def stop(self, worker: Any) -> None:
        self._stop.set()

    def _run(self) -> None:
        tick = max(0.25, get_settings().sweep_interval / 4)
        while not self._stop.wait(tick):
            with _sweeping:
                run_sweep()
