"""The report stored next to the tailored resume: JSON-safe and identical for identical input."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tailor_core.engine.posting import PostingTerm
from tailor_core.engine.scoring import match_score, relevance, term_weights
from tailor_core.engine.tailor import LineTerms, Tailoring

ENGINE_NAME = "keyword-v1"
TOP_LINES = 5
_EXCERPT_CHARS = 200


def build_report(
    terms: Sequence[PostingTerm], original_terms: LineTerms, tailoring: Tailoring
) -> dict[str, Any]:
    weights = term_weights(terms)
    found_before: set[str] = set().union(*original_terms)
    found: set[str] = set().union(*tailoring.terms)
    scores = [relevance(line_terms, weights) for line_terms in tailoring.terms]
    # Ties keep document order, so equally relevant lines are listed as the reader meets them.
    ranked = sorted((i for i, score in enumerate(scores) if score > 0), key=lambda i: -scores[i])
    return {
        "engine": ENGINE_NAME,
        "score_before": match_score(found_before, weights),
        # Tailoring only reorders, so the share of posting terms the resume covers cannot
        # change; it is still computed from the output so the number is measured, not assumed.
        "score_after": match_score(found, weights),
        "matched": sorted(found),
        "missing": sorted(set(weights) - found),
        "top_lines": [
            {
                "text": _excerpt(tailoring.contents[i]),
                "score": scores[i],
                "terms": sorted(tailoring.terms[i]),
            }
            for i in ranked[:TOP_LINES]
        ],
        "moved_lines": tailoring.moved_lines,
        "posting_terms": [{"term": term.term, "weight": term.weight} for term in terms],
    }


def _excerpt(content: str) -> str:
    text = content.strip()
    return text if len(text) <= _EXCERPT_CHARS else text[: _EXCERPT_CHARS - 1] + "…"
