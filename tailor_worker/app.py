from __future__ import annotations

from typing import Any

from celery import Celery
from celery.signals import worker_process_init, worker_process_shutdown

from tailor_core.db.session import dispose_engine
from tailor_worker.timer_purge import PurgeCancelledTimers

app = Celery("tailor_worker", include=["tailor_worker.tasks", "tailor_worker.webhooks"])
app.config_from_object("celeryconfig")
app.steps["worker"].add(PurgeCancelledTimers)


@worker_process_init.connect
def _fresh_engine_per_process(**_: Any) -> None:
    # A forked pool child must not reuse sockets from the parent's connection pool.
    dispose_engine()


@worker_process_shutdown.connect
def _close_engine(**_: Any) -> None:
    dispose_engine()
