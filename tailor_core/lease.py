"""Keeping a running job's lease fresh, so the sweeper can tell a slow job from a dead worker."""

from __future__ import annotations

import logging
import threading
from types import TracebackType

from tailor_core.db.session import unit_of_work
from tailor_core.errors import TransientError
from tailor_core.repositories import jobs as repo

log = logging.getLogger(__name__)


class LeaseKeeper:
    """Renews the lease every third of its length in a background thread while the job runs.

    `lost` is set once the claim is gone (the job was cancelled or handed to another attempt):
    the worker then stops at its next step and its finishing update changes nothing.
    """

    def __init__(self, job_id: int, attempt: int, lease_seconds: float) -> None:
        self.job_id = job_id
        self.attempt = attempt
        self.lease_seconds = lease_seconds
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease-{job_id}", daemon=True)

    def __enter__(self) -> LeaseKeeper:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join(timeout=self.lease_seconds)

    def _run(self) -> None:
        while not self._stop.wait(self.lease_seconds / 3):
            try:
                with unit_of_work(single_statements=True) as session:
                    held = repo.renew_lease(session, self.job_id, self.attempt, self.lease_seconds)
            except TransientError as exc:
                # The lease still has time left; the next beat may get through.
                log.warning("job %s: could not renew lease: %s", self.job_id, exc.message)
                continue
            if not held:
                log.info("job %s: claim of attempt %s is gone", self.job_id, self.attempt)
                self.lost.set()
                return
