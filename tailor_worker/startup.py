"""Worker and beat refuse a half-configured deployment before they touch anything, and the
worker's banner names the database it writes to (without its password)."""

from __future__ import annotations

import logging
from typing import Any

from celery import Celery
from celery.signals import (
    after_setup_logger,
    after_setup_task_logger,
    task_postrun,
    task_prerun,
)

from tailor_core import logs
from tailor_core.errors import ConfigurationError
from tailor_core.settings import get_settings, redact_url
from tailor_worker.routing import PROCESS_JOB


def check_before_start() -> None:
    """Exit with one `error:` line unless database and broker are both set (or both embedded,
    by choice): a worker on Redis with a SQLite file of its own would take real jobs it cannot
    find, and create ./.tailor wherever it was started."""
    try:
        get_settings().check_store()
    except ConfigurationError as exc:
        raise SystemExit(f"error: {exc.message}") from None


def install(app: Celery) -> None:
    """Wrap the app's Worker and Beat programs (what `celery worker` / `celery beat` run)."""
    worker_base: Any = app.Worker
    beat_base: Any = app.Beat

    class Worker(worker_base):  # type: ignore[misc]
        def on_before_init(self, *args: Any, **kwargs: Any) -> None:
            check_before_start()
            super().on_before_init(*args, **kwargs)

        def startup_info(self, artlines: bool = True) -> str:
            database = redact_url(get_settings().database_url)
            info: str = super().startup_info(artlines=artlines)
            return info + " " * 16 + f".> database:    {database}\n"

    class Beat(beat_base):  # type: ignore[misc]
        def run(self) -> None:
            check_before_start()
            super().run()

    app.Worker = Worker
    app.Beat = Beat


def _operator_logging(logger: logging.Logger, **_: Any) -> None:
    """Celery's own lines keep its format (with a timestamp); TAILOR_LOG_FORMAT=json makes each
    one JSON object, and every line logged while a job runs carries its id."""
    log_format = get_settings().log_format
    for handler in logger.handlers:
        handler.addFilter(logs.JobFilter())
        if log_format == "json":
            handler.setFormatter(logs.JsonFormatter())
    for name in logs.QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)


after_setup_logger.connect(_operator_logging, weak=False)
after_setup_task_logger.connect(_operator_logging, weak=False)


def _job_started(task: Any = None, args: Any = None, **_: Any) -> None:
    job_id = args[0] if getattr(task, "name", None) == PROCESS_JOB and args else None
    # Only a well-formed id: a bad message is refused (and logged) by the task itself.
    valid = isinstance(job_id, int) and not isinstance(job_id, bool) and job_id > 0
    logs.set_job(job_id if valid else None)


def _job_ended(**_: Any) -> None:
    logs.set_job(None)


task_prerun.connect(_job_started, weak=False)
task_postrun.connect(_job_ended, weak=False)
