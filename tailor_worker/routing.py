"""Every task name and queue, and which queue each task goes to: the one place they are named.

The names are the wire protocol (docs/WORKFLOW.md, "Publishing from another language"): a
message names its task, and Redis keeps each queue under its name. Plain strings, so the
`tailor` CLI can import them without loading Celery.
"""

from __future__ import annotations

from typing import Any

PROCESS_JOB = "tailor.process_job"
SWEEP = "tailor.sweep"
DELIVER_WEBHOOK = "tailor.deliver_webhook"
DELIVER_BATCH_WEBHOOK = "tailor.deliver_batch_webhook"

JOBS_QUEUE = "tailor"
# Everything else waits on a queue of its own: the sweeper reads the jobs queue's length as the
# number of doorbells waiting (tailor_worker.broker), so only job messages may sit in it. A sweep
# message from beat counted there made the sweeper believe a lost job still had its doorbell.
SIDE_QUEUE = "tailor-side"
# Every worker consumes both.
QUEUES = (JOBS_QUEUE, SIDE_QUEUE)

# Anything not routed here (a job's doorbell) goes to the default queue, JOBS_QUEUE.
ROUTES: dict[str, dict[str, Any]] = {
    name: {"queue": SIDE_QUEUE, "routing_key": SIDE_QUEUE}
    for name in (DELIVER_WEBHOOK, DELIVER_BATCH_WEBHOOK, SWEEP)
}
