from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from celery import Celery, bootsteps
from celery.signals import worker_init, worker_process_init, worker_process_shutdown

from tailor_core.db.session import dispose_engine
from tailor_core.errors import ConfigurationError
from tailor_core.settings import get_settings
from tailor_worker import redis_transport, startup
from tailor_worker.lockdown import lock_down
from tailor_worker.routing import SWEEP
from tailor_worker.timer_purge import PurgeCancelledTimers

# Before any connection: redis:// and rediss:// get the transport that survives bad entries.
redis_transport.install()

app = Celery(
    "tailor_worker",
    include=[
        "tailor_worker.tasks",
        "tailor_worker.webhook_delivery",
        "tailor_worker.batch_webhook_delivery",
    ],
)
# Packaged settings, so `celery -A tailor_worker ...` works from any directory.
app.config_from_object("tailor_worker.celeryconfig")
# Flower reads ./flowerconfig.py only; point it at the packaged one, which refuses to start
# without a login, whatever the directory. An explicit --conf or FLOWER_CONF still wins.
os.environ.setdefault("FLOWER_CONF", str(Path(__file__).with_name("flowerconfig.py")))
app.steps["worker"].add(PurgeCancelledTimers)
startup.install(app)


class _QuietSweeps(logging.Filter):
    """Celery's "received" and "succeeded" lines for the sweeper (every 15 s) at DEBUG.

    They buried the lines about real jobs; a sweep that recovers something logs a WARNING of
    its own (tailor_core.recovery.sweeper).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        data = getattr(record, "data", None)
        if not isinstance(data, dict) or data.get("name") != SWEEP:
            return True
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return logging.getLogger().isEnabledFor(logging.DEBUG)


for _logger in ("celery.worker.strategy", "celery.app.trace"):
    logging.getLogger(_logger).addFilter(_QuietSweeps())
# By name: these modules import `app` from here.
app.steps["worker"].add("tailor_worker.sweeper:SweepTimer")
app.steps["worker"].add("tailor_worker.heartbeat:Heartbeat")

log = logging.getLogger(__name__)


class RedisPolicyCheck(bootsteps.StartStopStep):
    """Worker bootstep: refuse to start on a Redis that may evict queued messages."""

    def start(self, worker: Any) -> None:
        from tailor_worker.broker import check_eviction_policy

        try:
            check_eviction_policy(get_settings().redis_eviction)
        except ConfigurationError as exc:
            log.critical("%s", exc.message)
            # Celery's worker stops cleanly, with this exit code, on SystemExit from a step.
            raise SystemExit(78) from None


app.steps["worker"].add(RedisPolicyCheck)


@worker_init.connect
def _lock_down(**_: Any) -> None:
    lock_down(app, get_settings().remote_control)


@worker_init.connect
def _warm_the_engine(**_: Any) -> None:
    # In the main process, before the pool forks: every child starts with the engine's data
    # loaded and out of the garbage collector's way. A custom engine brings its own data.
    if get_settings().engine in ("default", "llm"):
        from tailor_core.engine.warm import warm_up

        warm_up()


@worker_process_init.connect
def _fresh_engine_per_process(**_: Any) -> None:
    # A forked pool child must not reuse sockets from the parent's connection pool.
    dispose_engine()


@worker_process_shutdown.connect
def _close_engine(**_: Any) -> None:
    dispose_engine()
