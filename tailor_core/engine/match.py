"""How much of the posting a piece of resume text speaks to."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from tailor_core.engine.read_posting.terms import PostingTerm
from tailor_core.engine.text import features

Weights = Mapping[str, int]


def term_weights(terms: Sequence[PostingTerm]) -> dict[str, int]:
    return {term.term: term.weight for term in terms}


def terms_in(text: str, weights: Weights) -> frozenset[str]:
    """Posting terms the text mentions as whole tokens or adjacent-word phrases.

    Matching goes through the token sets, never substring search, so "java" is not found in
    "javascript" and the cost stays linear in the length of the text.
    """
    return features(text).intersection(weights)


def relevance(terms: Iterable[str], weights: Weights) -> int:
    """Sum of the weights of distinct terms; a term repeated on one line counts once."""
    return sum(weights[term] for term in set(terms))


def match_score(found: Iterable[str], weights: Weights) -> int:
    """Share of the posting's total term weight that the resume covers, 0-100."""
    total = sum(weights.values())
    if total <= 0:
        return 0
    return round(100 * relevance(found, weights) / total)
