"""The lease renewer thread: renews on time, and is not woken for every short job."""

from __future__ import annotations

import threading
import time

from tailor_core.recovery import lease


class _CountingEvent(threading.Event):
    def __init__(self) -> None:
        super().__init__()
        self.sets = 0

    def set(self) -> None:
        self.sets += 1
        super().set()


class _RecordingRenewer(lease._Renewer):
    """The real thread and bookkeeping; renewals recorded instead of sent to a database."""

    def __init__(self) -> None:
        super().__init__()
        self.renewed: list[int] = []
        self._wake = self.wake_counter = _CountingEvent()

    def _renew(self, held: lease._Held) -> None:
        held.due = time.monotonic() + held.lease_seconds / 3
        self.renewed.append(held.job_id)


def _held(job_id: int, lease_seconds: float) -> lease._Held:
    return lease._Held(job_id, 1, lease_seconds, time.monotonic() + lease_seconds / 3)


def test_short_jobs_do_not_wake_the_renewer_and_a_long_one_is_renewed() -> None:
    renewer = _RecordingRenewer()
    for job_id in range(1, 201):  # short jobs: held and released at once
        held = _held(job_id, lease_seconds=3.0)
        renewer.hold(held)
        renewer.release(held)
        if job_id == 1:
            time.sleep(0.05)  # let the new thread look once and find nothing held
    assert renewer.wake_counter.sets == 0

    long_job = _held(999, lease_seconds=0.6)  # due in 0.2 s: sooner than the thread will look
    renewer.hold(long_job)
    deadline = time.monotonic() + 3
    while renewer.renewed.count(999) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    renewer.release(long_job)
    assert renewer.renewed.count(999) >= 2, "a running job's lease must keep being renewed"
    assert renewer.wake_counter.sets == 1, "only a job due before the thread's next look wakes it"
    assert all(job_id == 999 for job_id in renewer.renewed)
