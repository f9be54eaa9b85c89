"""The reference: a bare Celery app with one no-op task, on the benchmark's broker and prefix.

Run by the benchmark as `celery -A bench.noop_app worker`; it reads only BENCH_BROKER_URL and
TAILOR_REDIS_KEY_PREFIX, so it is configured like Tailor's worker minus everything Tailor does.
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery

TASK_NAME = "bench.noop"
QUEUE = "bench-noop"

app = Celery("bench_noop")
_options: dict[str, Any] = {"visibility_timeout": 3600}
if prefix := os.environ.get("TAILOR_REDIS_KEY_PREFIX", ""):
    _options["global_keyprefix"] = prefix
app.conf.update(
    broker_url=os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/0"),
    broker_transport_options=_options,
    broker_connection_retry_on_startup=True,
    task_serializer="json",
    accept_content=["json"],
    task_ignore_result=True,
    result_backend=None,
    task_acks_late=True,
    # The benchmark passes Tailor's own on the command line (bench.context.Bench.spec).
    worker_prefetch_multiplier=1,
    task_default_queue=QUEUE,
    worker_hijack_root_logger=True,
)


@app.task(name=TASK_NAME)
def noop(job_id: int) -> None:
    """Does nothing: the message's round trip through Celery is the whole cost."""
