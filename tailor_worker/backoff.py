"""How every Tailor task retries, declared once with Celery's own options.

Which errors: those tailor_core/errors.py maps to TaskOutcome.RETRY. How long a retry waits:
2, 4, 8, ... seconds, capped at 5 minutes and well below the broker's visibility timeout, so a
message waiting for its retry is never handed to a second worker. Celery's autoretry computes
the countdown itself (celery.utils.time.get_exponential_backoff_interval, the very function
`backoff` below calls), so the schedule here is the one the tasks follow. How many retries is
each task's own `max_retries`.
"""

from __future__ import annotations

from celery import Task
from celery.utils.time import get_exponential_backoff_interval

from tailor_core.errors import ConfigurationError, TailorError, TransientError
from tailor_core.settings import get_settings

MAX_BACKOFF_SECONDS = 300
# Celery waits factor * 2**retries seconds before retry number retries + 1.
BACKOFF_FACTOR = 2
# What a worker retries (TaskOutcome.RETRY in tailor_core/errors.py; a unit test keeps the two
# in step). Everything else fails the task at once.
RETRIED: tuple[type[TailorError], ...] = (TransientError, ConfigurationError)


def backoff_cap() -> int:
    return int(min(MAX_BACKOFF_SECONDS, get_settings().visibility_timeout // 4))


def backoff(retries: int) -> int:
    """Seconds before the next retry of a task that has been retried `retries` times."""
    return int(get_exponential_backoff_interval(BACKOFF_FACTOR, retries, backoff_cap()))


class RetryingTask(Task):
    """The base of Tailor's tasks: a RETRIED error is retried with the backoff above.

    A retry is a new message with a countdown, published before the running one is
    acknowledged (acks_late). If the broker refuses it, Celery drops the running message
    instead (Reject without requeue): the job's row stays PENDING or its lease runs out, and
    the sweeper publishes it again. Once `max_retries` is spent, Celery raises the error
    itself: the task fails, its message is acknowledged (task_acks_on_failure), and
    `on_failure` says what that means for the work.
    """

    autoretry_for = RETRIED
    retry_backoff = BACKOFF_FACTOR
    retry_backoff_max = backoff_cap()
    # Off: the documented 2, 4, 8 s. Full jitter could retry at once, into the same outage.
    retry_jitter = False
    # An error retried to the end is logged by the task's on_failure, on one line without a
    # traceback (Celery logs an expected error at INFO).
    throws: tuple[type[Exception], ...] = RETRIED
