"""Tailor's worker app with Celery task events switched on: a benchmark-only variant.

`celery -A bench.events_app worker` runs the real tasks with events on from the start, as when
Flower is watching (Flower enables them at run time); it measures what the events cost: three
Redis PUBLISHes per job from the worker's main process.
"""

from __future__ import annotations

from tailor_worker.app import app

app.conf.worker_send_task_events = True
app.conf.task_send_sent_event = True

__all__ = ["app"]
