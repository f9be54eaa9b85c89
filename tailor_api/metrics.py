"""Prometheus metrics at /metrics, by prometheus-client's conventions.

- Job counters (`*_total`) and the duration histogram are counted when the event happens, by
  the process that makes it (tailor_core.jobs.metrics, one Redis hash for the whole fleet), so
  they only go up: deleting jobs does not lower them, and no scrape scans the jobs table.
- Gauges say what is true now: jobs in each status (one grouped query), the oldest PENDING
  job's age, the broker queue's depth. They and the counters are cached for CACHE_SECONDS so
  that several scrapers do not multiply the load.
- HTTP request metrics are this process's own (tailor_api.http_metrics).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterable, Iterator

from prometheus_client import CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

from tailor_api.http_metrics import LATENCY, REQUESTS
from tailor_core.domain import JobStatus
from tailor_core.jobs.metrics import JobCounters, read_counters
from tailor_core.jobs.stats import Current, current_jobs
from tailor_worker.broker import queue_depth

CACHE_SECONDS = 5.0
MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"
log = logging.getLogger(__name__)


def _counter_families(counters: JobCounters) -> Iterator[Metric]:
    yield CounterMetricFamily(
        "tailor_jobs_submitted", "Jobs submitted (stored as new jobs).", value=counters.submitted
    )
    yield CounterMetricFamily(
        "tailor_jobs_completed", "Jobs that ended COMPLETED.", value=counters.completed
    )
    failed = CounterMetricFamily(
        "tailor_jobs_failed", "Jobs that ended FAILED, by reason.", labels=["reason"]
    )
    for reason, count in counters.failed_by_reason.items():
        failed.add_metric([reason], count)
    yield failed
    yield CounterMetricFamily(
        "tailor_jobs_cancelled", "Jobs that ended CANCELLED.", value=counters.cancelled
    )
    yield HistogramMetricFamily(
        "tailor_tailoring_duration_seconds",
        "Run time of COMPLETED jobs, from the claim to the committed finish, per the worker.",
        buckets=counters.duration_buckets,
        sum_value=counters.duration_sum,
    )


def _gauge_families(current: Current) -> Iterator[Metric]:
    jobs = GaugeMetricFamily("tailor_jobs", "Jobs in each status now.", labels=["status"])
    for status in JobStatus:
        jobs.add_metric([status.value], current.by_status.get(status.value, 0))
    yield jobs
    yield GaugeMetricFamily(
        "tailor_oldest_pending_seconds",
        "Age of the oldest PENDING job (0 when none).",
        value=current.oldest_pending_seconds or 0.0,
    )


class TailorCollector(Collector):
    """The fleet's numbers; the same whichever API process or replica is scraped."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cached: tuple[float, list[Metric]] | None = None

    def _fresh(self) -> list[Metric]:
        metrics: list[Metric] = []
        up = 1.0
        try:
            metrics.extend(_counter_families(read_counters()))
        except Exception as exc:
            log.warning("metrics: Redis did not answer for the job counters (%s)", exc)
            up = 0.0
        try:
            metrics.extend(_gauge_families(current_jobs()))
        except Exception as exc:
            log.warning("metrics: the database did not answer (%s)", exc)
            up = 0.0
        try:
            metrics.append(
                GaugeMetricFamily(
                    "tailor_queue_depth",
                    "Messages waiting in the broker queue.",
                    value=queue_depth(),
                )
            )
        except Exception as exc:
            log.warning("metrics: the broker did not answer (%s)", exc)
            up = 0.0
        metrics.append(
            GaugeMetricFamily(
                "tailor_up", "1 when the last scrape reached the database and Redis.", value=up
            )
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
    if os.environ.get(MULTIPROCESS_DIR):
        # Several API processes: each writes its HTTP metrics to that directory and whichever
        # answers the scrape adds them all up (prometheus-client's multiprocess mode).
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry.register(REQUESTS)
        registry.register(LATENCY)
    return registry


def exposition(registry: CollectorRegistry) -> bytes:
    return generate_latest(registry)
