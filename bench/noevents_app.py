"""Tailor's worker app with Celery task events switched off: a benchmark-only variant.

`celery -A bench.noevents_app worker` runs the real tasks; it only measures what the events
(sent for Flower, three Redis PUBLISHes per job from the worker's main process) cost.
"""

from __future__ import annotations

from tailor_worker.app import app

app.conf.worker_send_task_events = False
app.conf.task_send_sent_event = False

__all__ = ["app"]
