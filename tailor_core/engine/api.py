"""The engine's one entry point: resume text and a posting in, tailored text and report out."""

from __future__ import annotations

from tailor_core.domain import JobPosting, TailoringResult
from tailor_core.engine.posting import analyze_posting
from tailor_core.engine.report import build_report
from tailor_core.engine.scoring import term_weights, terms_in
from tailor_core.engine.structure import parse_resume
from tailor_core.engine.tailor import render, tailor_layout
from tailor_core.engine.tokens import TOKEN_RE
from tailor_core.engine.verify import verify_truthful
from tailor_core.errors import PermanentError

EMPTY_RESUME_MESSAGE = "the resume has no text: upload a text-based resume"


def tailor_resume(resume_text: str, posting: JobPosting) -> TailoringResult:
    """Reorder the resume to lead with what the posting asks for, and report the match.

    Pure and deterministic. Raises PermanentError when either input has nothing to work with,
    or if the result failed the truthfulness check (which would be an engine bug).
    """
    # Text with no word at all (whitespace, or the dashes and bullets left by a scanned PDF)
    # is as unusable as an empty upload and gets the same advice.
    if TOKEN_RE.search(resume_text) is None:
        raise PermanentError(EMPTY_RESUME_MESSAGE)
    terms = analyze_posting(posting)
    weights = term_weights(terms)
    layout = parse_resume(resume_text)
    line_terms = [terms_in(line.content, weights) for line in layout.lines]
    tailoring = tailor_layout(layout, weights, line_terms)
    tailored = render(layout, tailoring)
    verify_truthful(resume_text, tailored)
    report = build_report(terms, line_terms, tailoring)
    return TailoringResult(tailored_text=tailored, report=report)
