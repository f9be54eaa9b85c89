"""One root error; the split between transient and permanent decides retry vs FAILED."""

from __future__ import annotations


class TailorError(Exception):
    """Something went wrong in Tailor."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or (self.__doc__ or "").strip())

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class ConfigurationError(TailorError):
    """A setting is missing or invalid; fix the environment or .env and try again."""


class InvalidInput(TailorError):
    """The input was refused; the message says what to change."""


class Conflict(InvalidInput):
    """The request conflicts with the record's current state (already finished, key reused)."""


class TooManyAttempts(TailorError):
    """Too many failed attempts: wait before trying again."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Unauthorized(TailorError):
    """The credentials are missing, wrong, expired or revoked."""


class NotFound(TailorError):
    """The requested record does not exist."""

    def __init__(self, kind: str, record_id: object) -> None:
        super().__init__(f"{kind} {record_id} not found")
        self.kind = kind
        self.record_id = record_id


class TransientError(TailorError):
    """A dependency (database or broker) is unreachable for now; retry with backoff."""

    # Set when the failure came after this attempt claimed the job, so a retry can take the
    # same claim back instead of finding the job "already taken" by itself.
    held_attempt: int | None = None


class PermanentError(TailorError):
    """The job can never succeed as submitted; it is marked FAILED with this reason."""
