"""Benchmark-only engines, selected with TAILOR_ENGINE=bench.engines:noop."""

from __future__ import annotations

from tailor_core.domain import JobPosting, TailoringResult


def noop(resume_text: str, posting: JobPosting) -> TailoringResult:
    """The resume unchanged and an empty report: what is left is the pipeline's own cost."""
    return TailoringResult(resume_text, {})
