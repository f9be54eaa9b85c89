"""Worker settings chosen by measurement: prefetch multiplier, concurrency, task events.

Not part of the default run (`--only tuning`): each variant drains the same no-op-engine load,
and each rate is a ratio against the bare-Celery reference measured just before.
"""

from __future__ import annotations

from bench.context import NOOP_ENGINE, Bench
from bench.report import Figure, progress
from bench.scenarios.throughput import pipeline_drain, reference_rate

VARIANTS: tuple[tuple[str, str, int, int], ...] = (
    # label, app, concurrency, prefetch multiplier
    ("concurrency 2, prefetch 4 (shipped)", "tailor_worker", 2, 4),
    ("concurrency 2, prefetch 1", "tailor_worker", 2, 1),
    ("concurrency 2, prefetch 8", "tailor_worker", 2, 8),
    ("concurrency 4, prefetch 4", "tailor_worker", 4, 4),
    ("concurrency 2, prefetch 4, task events on (Flower watching)", "bench.events_app", 2, 4),
)


def run(bench: Bench) -> None:
    count = bench.options.pipeline_jobs
    reference = reference_rate(bench, bench.options.reference_jobs)
    bench.results["reference_rate"] = reference
    bench.add(Figure("reference: bare Celery no-op (c=2)", reference, "msg/s"))
    for label, app, concurrency, prefetch in VARIANTS:
        progress(f"variant: {label}")
        spec = bench.spec(app=app, concurrency=concurrency, prefetch_multiplier=prefetch)
        result = pipeline_drain(bench, count, NOOP_ENGINE, "tuning", spec=spec)
        bench.clear_jobs()
        bench.add(
            Figure(
                f"no-op pipeline, {label}",
                result["rate"],
                "jobs/s",
                ratio=result["rate"] / reference,
                reference="ref",
                details=result,
            )
        )
