"""Celery configuration, read by `celery -A tailor_worker ...` (see README.md for every setting).

Values come from Tailor's settings (environment and `.env`), so producer and worker agree on the
broker and its visibility timeout.
"""

from __future__ import annotations

import ssl
from typing import Any

from kombu.entity import Queue

from tailor_core.errors import ConfigurationError
from tailor_core.settings import get_settings
from tailor_worker.routing import JOBS_QUEUE, QUEUES, ROUTES, SWEEP

try:
    _settings = get_settings()
except ConfigurationError as _refused:
    # `celery worker` would show a traceback of its own; the message says all there is.
    raise SystemExit(f"error: {_refused.message}") from None

broker_url = _settings.broker_url
broker_connection_retry_on_startup = True
# A Redis error reply (out of memory under `noeviction`) reconnects the consumer instead of
# killing the worker: it is transient, like a dropped connection.
broker_channel_error_retry = True
broker_transport_options: dict[str, Any] = {
    # Redis redelivers an unacknowledged message after this many seconds; every time limit and
    # retry countdown stays below it so a live job is never handed to a second worker.
    "visibility_timeout": _settings.visibility_timeout,
}
if broker_url.startswith("rediss://") and "ssl_cert_reqs" not in broker_url:
    # Celery would accept any certificate by default; a TLS link must also verify the server.
    broker_use_ssl = {"ssl_cert_reqs": ssl.CERT_REQUIRED}
if _settings.redis_key_prefix:
    # Lets several deployments (or test runs) share one Redis without seeing each other.
    broker_transport_options["global_keyprefix"] = _settings.redis_key_prefix
if _settings.embedded_broker:
    _queue_dir = _settings.broker_folder.resolve()
    if _settings.embedded_allowed:
        # Only by choice (TAILOR_EMBEDDED=1, `tailor demo`): a process started in a stray
        # folder must not leave a .tailor/ there.
        _queue_dir.mkdir(parents=True, exist_ok=True)
    broker_transport_options = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "store_processed": False,
        # Broadcasts (Flower, `celery inspect`) default to ./control: keep them with the queue.
        "control_folder": str(_queue_dir / "control"),
        "polling_interval": 0.2,
    }

# JSON only: a pickled message could run code in the worker.
task_serializer = "json"
result_serializer = "json"
accept_content = ["json"]
event_serializer = "json"

# The database is the source of truth for results; the broker only rings the doorbell.
task_ignore_result = True
result_backend = None

task_acks_late = True
# A task that raises (tailor_worker.tasks.JobFailed after a job is recorded FAILED) is still
# acknowledged, never redelivered: the job's row is final. (Celery's default, stated here.)
task_acks_on_failure = True
task_reject_on_worker_lost = True
# Four messages per pool process for jobs of milliseconds (measured +12 %, docs/PERFORMANCE.md),
# one with the LLM engine, whose jobs take seconds: a message reserved behind one would wait
# while other workers idle. A killed worker's reserved messages come back after the visibility
# timeout; their jobs were never claimed, so nothing is run twice.
worker_prefetch_multiplier = _settings.prefetch_multiplier
task_time_limit = _settings.task_time_limit
task_soft_time_limit = max(1, int(_settings.task_time_limit * 0.9))

# Names, queues and routes: tailor_worker/routing.py.
task_default_queue = JOBS_QUEUE
task_queues = tuple(Queue(name, routing_key=name) for name in QUEUES)
task_routes = ROUTES
# Every worker runs the sweeper on its own timer (tailor_worker.sweeper); beat is optional and
# only one more trigger of the same locked sweep. An old sweep still queued is dropped.
beat_schedule = {
    "tailor-sweep": {
        "task": SWEEP,
        "schedule": float(_settings.sweep_interval),
        "options": {"expires": float(_settings.sweep_interval)},
    }
}
# Flower's window on tasks. They cost a Redis PUBLISH per event (a third of a busy worker's
# main process, docs/PERFORMANCE.md), so they start off, as is Celery's own default: Flower
# sends `enable_events` to every worker every few seconds while it runs.
worker_send_task_events = _settings.task_events
task_send_sent_event = _settings.task_events
worker_hijack_root_logger = True
worker_redirect_stdouts_level = "INFO"
# Recycle pool children now and then so a leak in a parser cannot grow without bound.
worker_max_tasks_per_child = 10_000
worker_max_memory_per_child = 400_000  # KiB
timezone = "UTC"
enable_utc = True
