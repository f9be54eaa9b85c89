"""Prometheus metrics at /metrics, computed from the database and Redis at scrape time.

Counting in the database rather than in process memory makes the numbers true across every API
replica and worker, and across restarts. A scrape costs a few aggregate queries over `jobs`
(cached for CACHE_SECONDS so that several scrapers do not multiply the load).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

from tailor_core.db.session import unit_of_work
from tailor_core.domain import JobStatus
from tailor_core.repositories import stats as repo
from tailor_worker.broker import queue_depth

CACHE_SECONDS = 5.0
DURATION_BUCKETS = (0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    by_status: dict[str, int]
    failed_by_reason: dict[str, int]
    oldest_pending_seconds: float | None
    buckets: list[int]
    duration_count: int
    duration_sum: float


def take_snapshot() -> Snapshot:
    with unit_of_work() as session:
        buckets, count, total = repo.duration_buckets(session, DURATION_BUCKETS)
        return Snapshot(
            by_status=repo.counts_by_status(session),
            failed_by_reason=repo.failures_by_reason(session),
            oldest_pending_seconds=repo.oldest_pending_seconds(session),
            buckets=buckets,
            duration_count=count,
            duration_sum=total,
        )


def _families(snapshot: Snapshot) -> Iterator[Metric]:
    by_status = snapshot.by_status
    yield CounterMetricFamily(
        "tailor_jobs_submitted",
        "Jobs stored (every job row ever submitted and not deleted).",
        value=sum(by_status.values()),
    )
    yield CounterMetricFamily(
        "tailor_jobs_completed",
        "Jobs that ended COMPLETED.",
        value=by_status.get(JobStatus.COMPLETED.value, 0),
    )
    failed = CounterMetricFamily(
        "tailor_jobs_failed", "Jobs that ended FAILED, by reason.", labels=["reason"]
    )
    for reason, count in sorted(snapshot.failed_by_reason.items()):
        failed.add_metric([reason], count)
    yield failed
    yield CounterMetricFamily(
        "tailor_jobs_cancelled",
        "Jobs that ended CANCELLED.",
        value=by_status.get(JobStatus.CANCELLED.value, 0),
    )
    current = GaugeMetricFamily("tailor_jobs", "Jobs in each status now.", labels=["status"])
    for status in JobStatus:
        current.add_metric([status.value], by_status.get(status.value, 0))
    yield current
    yield GaugeMetricFamily(
        "tailor_oldest_pending_seconds",
        "Age of the oldest PENDING job (0 when none).",
        value=snapshot.oldest_pending_seconds or 0.0,
    )
    bounds = [str(float(b)) for b in DURATION_BUCKETS]
    yield HistogramMetricFamily(
        "tailor_tailoring_duration_seconds",
        "finished_at - started_at of COMPLETED jobs (the last attempt's run time).",
        buckets=[*zip(bounds, snapshot.buckets, strict=True), ("+Inf", snapshot.duration_count)],
        sum_value=snapshot.duration_sum,
    )


class TailorCollector(Collector):
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cached: tuple[float, list[Metric]] | None = None

    def _fresh(self) -> list[Metric]:
        metrics: list[Metric] = []
        up = 1.0
        try:
            metrics.extend(_families(take_snapshot()))
        except Exception:
            log.warning("metrics: the database did not answer", exc_info=True)
            up = 0.0
        try:
            metrics.append(
                GaugeMetricFamily(
                    "tailor_queue_depth",
                    "Messages waiting in the broker queue.",
                    value=queue_depth(),
                )
            )
        except Exception:
            log.warning("metrics: the broker did not answer", exc_info=True)
            up = 0.0
        metrics.append(
            GaugeMetricFamily("tailor_up", "1 when the last scrape reached both.", value=up)
        )
        return metrics

    def collect(self) -> Iterable[Metric]:
        with self._lock:
            now = time.monotonic()
            if self._cached is None or now - self._cached[0] > CACHE_SECONDS:
                self._cached = (now, self._fresh())
            return list(self._cached[1])


def build_registry() -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(TailorCollector())
    return registry


def exposition(registry: CollectorRegistry) -> bytes:
    return generate_latest(registry)
