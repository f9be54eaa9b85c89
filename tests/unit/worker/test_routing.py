"""tailor_worker/routing.py: every task is named there, and only tailoring work uses the jobs
queue (the sweeper counts its length as doorbells)."""

from __future__ import annotations

from tailor_worker import routing
from tailor_worker.app import app


def test_every_tailor_task_is_named_in_routing() -> None:
    app.loader.import_default_modules()
    tailor_tasks = {name for name in app.tasks if name.startswith("tailor.")}
    named = {routing.PROCESS_JOB, routing.SWEEP, routing.DELIVER_WEBHOOK}
    assert tailor_tasks == named | {routing.DELIVER_BATCH_WEBHOOK}


def test_only_tailoring_work_goes_to_the_jobs_queue() -> None:
    router = app.amqp.router
    for name in (routing.DELIVER_WEBHOOK, routing.DELIVER_BATCH_WEBHOOK, routing.SWEEP):
        assert router.route({}, name)["queue"].name == routing.SIDE_QUEUE, name
    assert router.route({}, routing.PROCESS_JOB)["queue"].name == routing.JOBS_QUEUE
    assert {queue.name for queue in app.conf.task_queues} == set(routing.QUEUES)
