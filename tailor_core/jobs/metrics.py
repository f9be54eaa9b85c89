"""Counting jobs as they are submitted and finished, for Prometheus (tailor_api.metrics).

Called right after the database committed the event, by whichever process made it (API, CLI,
worker, sweeper). Counting is best effort: if Redis does not answer, one warning is logged and
the submission or the job goes on as if nothing happened; the database stays the truth.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from tailor_core.domain import FAILURE_LABELS, JobStatus, failure_reason
from tailor_core.fleet.counters import counters

# Seconds from the claim to the committed finish of a COMPLETED job, as its worker measured it.
DURATION_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)
SUBMITTED = "submitted"
DURATION_SUM = "duration:sum"

log = logging.getLogger(__name__)


def _bucket_field(index: int) -> str:
    # Each bucket field counts the observations of its own slot only (not cumulative), so an
    # observation is one HINCRBY; the scrape adds them up into Prometheus' cumulative buckets.
    bound = "+Inf" if index == len(DURATION_BUCKETS) else repr(DURATION_BUCKETS[index])
    return f"duration:le={bound}"


def _add(amounts: Mapping[str, float], what: str) -> None:
    try:
        counters().add(amounts)
    except Exception as exc:
        log.warning("metrics: could not count %s (%s); nothing else is affected", what, exc)


def record_submitted(count: int = 1) -> None:
    if count > 0:
        _add({SUBMITTED: count}, f"{count} submitted job(s)")


def record_finished(
    status: JobStatus, *, error: str | None = None, seconds: float | None = None, count: int = 1
) -> None:
    """`count` jobs reached `status`; `seconds` is a COMPLETED job's run time, if measured."""
    if count <= 0:
        return
    if status == JobStatus.FAILED:
        amounts: dict[str, float] = {f"failed:{failure_reason(error)}": count}
    else:
        amounts = {status.value.lower(): count}
    if status == JobStatus.COMPLETED and seconds is not None:
        seconds = max(0.0, seconds)
        amounts[_bucket_field(bisect.bisect_left(DURATION_BUCKETS, seconds))] = count
        amounts[DURATION_SUM] = float(seconds * count)
    _add(amounts, f"{count} {status.value} job(s)")


@dataclass(frozen=True)
class JobCounters:
    submitted: int
    completed: int
    cancelled: int
    failed_by_reason: dict[str, int]
    # (upper bound, observations <= bound), cumulative, ending with +Inf.
    duration_buckets: list[tuple[str, int]]
    duration_sum: float

    @property
    def duration_count(self) -> int:
        return self.duration_buckets[-1][1]


def read_counters() -> JobCounters:
    """One HGETALL: every counter from the same instant. Raises when Redis does not answer."""
    values = counters().read()

    def whole(name: str) -> int:
        return int(values.get(name, 0))

    cumulative, buckets = 0, []
    for index in range(len(DURATION_BUCKETS) + 1):
        cumulative += whole(_bucket_field(index))
        bound = "+Inf" if index == len(DURATION_BUCKETS) else str(DURATION_BUCKETS[index])
        buckets.append((bound, cumulative))
    return JobCounters(
        submitted=whole(SUBMITTED),
        completed=whole("completed"),
        cancelled=whole("cancelled"),
        failed_by_reason={label: whole(f"failed:{label}") for label in FAILURE_LABELS},
        duration_buckets=buckets,
        duration_sum=values.get(DURATION_SUM, 0.0),
    )
