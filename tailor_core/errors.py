"""Tailor's errors, and what each one leads to at every boundary.

Each class declares its `outcome` (the one error -> outcome map): the HTTP status and problem
type the API answers with, the exit code of the `tailor` command, and what a task does with
it. A subclass declares its own, so no handler's order of `isinstance` tests decides anything;
tests/unit/test_errors.py fails on a class without an entry. The numbers are plain data, so
this module still knows nothing of HTTP, the CLI or Celery.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import ClassVar

# The `tailor` command's exit codes (README.md, "Exit codes").
EXIT_ERROR = 1  # bad input or configuration: change something and run it again
EXIT_USAGE = 2  # a wrong command line (click's own convention)
EXIT_UNAVAILABLE = 3  # a server does not answer: try again when it is back
EXIT_TIMEOUT = 4  # `jobs wait` gave up before the job finished
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT


class TaskOutcome(enum.Enum):
    RETRY = "retry with backoff"
    FAIL = "mark the job FAILED with the message"


@dataclass(frozen=True)
class Outcome:
    status: int  # HTTP status of the problem+json answer
    exit_code: int  # the `tailor` command's exit code
    task: TaskOutcome  # what the worker does when a job raises it
    problem_type: str = "about:blank"  # the problem+json `type`


class TailorError(Exception):
    """Something went wrong in Tailor."""

    outcome: ClassVar[Outcome] = Outcome(500, EXIT_ERROR, TaskOutcome.FAIL)
    # Seconds after which trying again may succeed (the API's Retry-After), if known.
    retry_after: float | None = None

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or (self.__doc__ or "").strip())

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class ConfigurationError(TailorError):
    """A setting is missing or invalid; fix the environment or .env and try again."""

    # The API answers without the detail (it names the server's settings); a worker retries,
    # as an operator fixes the setting and restarts without losing the job.
    outcome = Outcome(500, EXIT_ERROR, TaskOutcome.RETRY)


class InvalidInput(TailorError):
    """The input was refused; the message says what to change."""

    outcome = Outcome(422, EXIT_ERROR, TaskOutcome.FAIL)


class BadRequest(InvalidInput):
    """The request is malformed in a way no field's schema describes (a missing header)."""

    outcome = Outcome(400, EXIT_ERROR, TaskOutcome.FAIL)


class Conflict(InvalidInput):
    """The request conflicts with the record's current state (already finished, key reused)."""

    outcome = Outcome(409, EXIT_ERROR, TaskOutcome.FAIL)


class UnsupportedFile(InvalidInput):
    """The file is not of a kind Tailor reads; export it as PDF, DOCX, Markdown or text."""

    outcome = Outcome(415, EXIT_ERROR, TaskOutcome.FAIL, "urn:tailor:problem:unsupported-file")


class UploadTooLarge(InvalidInput):
    """The file is over the upload limit (TAILOR_MAX_UPLOAD_BYTES)."""

    outcome = Outcome(413, EXIT_ERROR, TaskOutcome.FAIL, "urn:tailor:problem:upload-too-large")


class TooManyAttempts(TailorError):
    """Too many failed attempts: wait before trying again."""

    outcome = Outcome(429, EXIT_ERROR, TaskOutcome.FAIL)
    retry_after: int

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class QuotaExceeded(TooManyAttempts):
    """A per-user quota refused the submission: wait `retry_after` seconds, then submit again.

    `limit` names the quota: "max_in_flight" or "submissions_per_minute". The HTTP API answers
    it as 429 problem+json with Retry-After, as every TooManyAttempts.
    """

    outcome = Outcome(429, EXIT_ERROR, TaskOutcome.FAIL, "urn:tailor:problem:quota-exceeded")

    def __init__(self, message: str, retry_after: int, limit: str) -> None:
        super().__init__(message, retry_after)
        self.limit = limit


class Unauthorized(TailorError):
    """The credentials are missing, wrong, expired or revoked."""

    outcome = Outcome(401, EXIT_ERROR, TaskOutcome.FAIL)


class Forbidden(TailorError):
    """These credentials may not do this."""

    outcome = Outcome(403, EXIT_ERROR, TaskOutcome.FAIL)


class NotFound(TailorError):
    """The requested record does not exist."""

    outcome = Outcome(404, EXIT_ERROR, TaskOutcome.FAIL)

    def __init__(self, kind: str, record_id: object) -> None:
        super().__init__(f"{kind} {record_id} not found")
        self.kind = kind
        self.record_id = record_id


class TransientError(TailorError):
    """A dependency (database or broker) is unreachable for now; retry with backoff."""

    outcome = Outcome(503, EXIT_UNAVAILABLE, TaskOutcome.RETRY)
    retry_after: float = 5

    def __init__(self, message: str | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        if retry_after is not None:
            self.retry_after = retry_after


@dataclass(frozen=True)
class HeldClaim:
    """A claim a worker holds: the job (a doorbell may have claimed another than it named) and
    the attempt number that fences its finish."""

    job_id: int
    attempt: int


class ClaimInterrupted(TransientError):
    """A transient error after the claim: the retry takes `held` back, by job id and attempt,
    instead of finding the job "already taken" by itself."""

    outcome = Outcome(503, EXIT_UNAVAILABLE, TaskOutcome.RETRY)

    def __init__(self, message: str, held: HeldClaim) -> None:
        super().__init__(message)
        self._held = held

    @property
    def held(self) -> HeldClaim:
        return self._held

    def __reduce__(self) -> tuple[type[ClaimInterrupted], tuple[str, HeldClaim]]:
        # A worker's pool sends a task's exception to its parent pickled.
        return type(self), (self.message, self._held)


class PermanentError(TailorError):
    """The job can never succeed as submitted; it is marked FAILED with this reason."""

    outcome = Outcome(422, EXIT_ERROR, TaskOutcome.FAIL)


class RateLimited(TransientError):
    """The language model's limit is reached for now: the job waits `retry_after` seconds.

    Raised by the engine (tailor_core.fleet.llm_limit); the worker hands the job back to the
    queue for that long instead of sleeping in a worker slot, and it never counts as a failure.
    """

    outcome = Outcome(503, EXIT_UNAVAILABLE, TaskOutcome.RETRY)
    retry_after: float

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after
