from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from celery import Celery
from celery.signals import worker_process_init, worker_process_shutdown

from tailor_core.db.session import dispose_engine
from tailor_worker.timer_purge import PurgeCancelledTimers

app = Celery("tailor_worker", include=["tailor_worker.tasks", "tailor_worker.webhooks"])
# Packaged settings, so `celery -A tailor_worker ...` works from any directory.
app.config_from_object("tailor_worker.celeryconfig")
# Flower reads ./flowerconfig.py only; point it at the packaged one, which refuses to start
# without a login, whatever the directory. An explicit --conf or FLOWER_CONF still wins.
os.environ.setdefault("FLOWER_CONF", str(Path(__file__).with_name("flowerconfig.py")))
app.steps["worker"].add(PurgeCancelledTimers)


@worker_process_init.connect
def _fresh_engine_per_process(**_: Any) -> None:
    # A forked pool child must not reuse sockets from the parent's connection pool.
    dispose_engine()


@worker_process_shutdown.connect
def _close_engine(**_: Any) -> None:
    dispose_engine()
