"""Tailoring over the corpus: verifier rejections, score drops, words lost and words added."""

from __future__ import annotations

from typing import Any

from bench.eval import TODAY
from tailor_core.engine import tailor_resume
from tailor_core.errors import PermanentError
from tests.eval.corpus import corpus_resumes, lost_words, tailoring_runs, unbacked_words


def tailoring_checks() -> dict[str, Any]:
    rejections = drops = lost = new = 0
    examples: list[str] = []
    runs = tailoring_runs()
    for name, _, resume, posting in runs:
        try:
            result = tailor_resume(resume, posting, TODAY)
        except PermanentError as error:
            rejections += 1
            examples.append(f"{name}: {error.message}")
            continue
        report = result.report
        drops += report["score_after"] < report["score_before"]
        lost += bool(lost_words(resume, result.tailored_text))
        new += bool(unbacked_words(resume, result.tailored_text, report))
    return {
        "resumes": len(corpus_resumes()),
        "runs": len(runs),
        "verifier_rejections": rejections,
        "score_drops": drops,
        "outputs_losing_a_word": lost,
        "outputs_with_an_unbacked_word": new,
        "rejection_examples": examples[:5],
    }
