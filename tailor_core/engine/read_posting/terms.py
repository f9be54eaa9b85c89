"""What a job posting asks for, as a short list of weighted terms."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from tailor_core.domain import JobPosting
from tailor_core.engine.knowledge.words import (
    POSTING_FILLER,
    SINGLE_LETTER_TERMS,
    SLASH_COMPOUNDS,
    STOPWORDS,
)
from tailor_core.engine.text import TOKEN_RE, normalize, phrases
from tailor_core.errors import PermanentError

EMPTY_POSTING_MESSAGE = "the job description is empty: paste the posting text"

MAX_TERMS = 40
# A term repeated ten times is not ten times as important; capping keeps one buzzword from
# outweighing everything else in the match score.
FREQUENCY_CAP = 5
# The title is the employer's own one-line summary of the job.
TITLE_BONUS = 3
# Longer "words" are URLs, hashes or pasted junk, never something a resume should mention.
MAX_TERM_LENGTH = 40

_NUMBER_RE = re.compile("\\d[\\d.'\u2019/&-]*[+#]*")


@dataclass(frozen=True)
class PostingTerm:
    term: str
    weight: float


def analyze_posting(posting: JobPosting) -> tuple[PostingTerm, ...]:
    """Weighted terms, heaviest first (ties by term), at most MAX_TERMS of them.

    Raises PermanentError when the description has nothing to match against.
    """
    blocked = _company_words(posting)
    description_words, description_pairs = _count(posting.description, blocked)
    if not description_words:
        raise PermanentError(EMPTY_POSTING_MESSAGE)
    title_words, title_pairs = _count(posting.title, blocked)

    weights: dict[str, int] = {}
    for term, count in (description_words + title_words).items():
        weights[term] = _weight(count, term in title_words)
    for term, count in (description_pairs + title_pairs).items():
        # A phrase seen once is usually just two words that happened to meet ("build
        # scalable", or "icu registered" in "ICU Registered Nurse"); repetition makes it a term.
        if count >= 2:
            weights[term] = _weight(count, term in title_pairs)

    ranked = sorted(weights.items(), key=lambda item: (-item[1], item[0]))
    return tuple(PostingTerm(term, weight) for term, weight in ranked[:MAX_TERMS])


def _weight(count: int, in_title: bool) -> int:
    return min(count, FREQUENCY_CAP) + (TITLE_BONUS if in_title else 0)


def _company_words(posting: JobPosting) -> frozenset[str]:
    """Words of the company's name that the posting only ever writes capitalized.

    "Acme" repeated through a posting is not a skill to list, but "Data Corp" hiring for "data
    pipelines" must keep "data": a name word that also appears in lower case is a real word.
    """
    if not TOKEN_RE.search(posting.company_name):
        return frozenset()
    text = f"{posting.title}\n{posting.description}"
    lowercase_seen = {
        normalize(raw) for raw in (m.group() for m in TOKEN_RE.finditer(text)) if raw == raw.lower()
    }
    company = {normalize(m.group()) for m in TOKEN_RE.finditer(posting.company_name)}
    return frozenset(company - lowercase_seen)


def _count(text: str, blocked: frozenset[str]) -> tuple[Counter[str], Counter[str]]:
    words: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for segment in _segments(text):
        usable = [word if _usable(word, blocked) else None for word in segment]
        words.update(word for word in usable if word is not None)
        pairs.update(
            f"{first} {second}"
            for first, second in pairwise(usable)
            if first is not None and second is not None
        )
    return words, pairs


def _segments(text: str) -> Iterator[list[str]]:
    """Phrases, with "python/django" style compounds split into separate one-word segments.

    A split compound ends the phrase around it so its parts never pair with neighbours.
    """
    for run in phrases(text):
        segment: list[str] = []
        for token in run:
            if "/" not in token or token in SLASH_COMPOUNDS:
                segment.append(token)
                continue
            if segment:
                yield segment
                segment = []
            for part in token.split("/"):
                if part:
                    yield [part]
        if segment:
            yield segment


def _usable(word: str, blocked: frozenset[str]) -> bool:
    if word in STOPWORDS or word in POSTING_FILLER or word in blocked:
        return False
    if len(word) > MAX_TERM_LENGTH:
        return False
    if len(word) == 1:
        return word in SINGLE_LETTER_TERMS
    return _NUMBER_RE.fullmatch(word) is None
