"""The tailoring engine: pure functions from resume text and a job posting to a tailored resume.

No I/O, no database, no randomness: the same input always gives byte-identical output, so a
retried job produces exactly what the first attempt would have.
"""

from __future__ import annotations

from tailor_core.engine.api import EMPTY_RESUME_MESSAGE, tailor_resume
from tailor_core.engine.read_posting.terms import (
    EMPTY_POSTING_MESSAGE,
    PostingTerm,
    analyze_posting,
)
from tailor_core.engine.report import ENGINE_NAME
from tailor_core.engine.verify import verify_truthful

__all__ = [
    "EMPTY_POSTING_MESSAGE",
    "EMPTY_RESUME_MESSAGE",
    "ENGINE_NAME",
    "PostingTerm",
    "analyze_posting",
    "tailor_resume",
    "verify_truthful",
]
