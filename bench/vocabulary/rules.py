"""Which names can be vocabulary entries, and with which case: frequency thresholds and rules."""

from __future__ import annotations

import re
from itertools import pairwise

from bench.vocabulary.text import has_upper, normalize, tokens_of, zipf
from bench.vocabulary.word_lists import CAPITALISED_COMMON_DENY, SOFT_PHRASES, SOFT_WORDS

# Zipf frequency (wordfreq, English, default "best" list): 7 is "the", 5 is "experience".
# A single word at or above COMMON_ZIPF is an ordinary English word: it is dropped, or kept
# with case "c" when the source writes it as a capitalised proper name ("Puppet", "Tableau").
COMMON_ZIPF = 3.5
# A verb phrase whose every word is at or above VERY_COMMON_ZIPF ("lead others", "keep an open
# mind") says nothing a posting's plain words do not: dropped. (Noun phrases of such words are
# kept: "change management", "quality control".) Compounds of such words are dropped too.
VERY_COMMON_ZIPF = 5.0
# Below COMMON_ZIPF but at or above RARE_ZIPF, a word still turns up in ordinary prose
# ("encompass", "navigator"): a product with such a name ("Encompass") is kept with case "c".
RARE_ZIPF = 2.5
MAX_WORDS = 6
MAX_CHARS = 60


_SENTENCE_PUNCT_RE = re.compile(
    r"[;:!?\"\u201c\u201d\u2026\[\]{}<>|=*]|,|\.\s|\.$|\s[-\u2013\u2014]\s"
)
_NON_LETTERS_RE = re.compile(r"[\W\d_]+")


def is_sentence_case(name: str, brands: frozenset[str] = frozenset()) -> bool:
    """'Medical calculator software': a capital only because the phrase starts there.

    Not 'Oracle software': a first word that is a vendor (VENDORS) names a product.
    """
    words = name.split(" ")
    first = words[0]
    return (
        len(words) > 1
        and first not in brands
        and first[:1].isupper()
        and not has_upper(first[1:])
        and not any(has_upper(word) for word in words[1:])
        and zipf(first) >= RARE_ZIPF
    )


def junk_reason(name: str) -> str | None:
    """Why a name cannot be a vocabulary entry at all, or None."""
    words = tokens_of(name)
    if not words:
        return "no tokens (TOKEN_RE)"
    if "://" in name or "www." in name.casefold():
        return "URL"
    if len(name) > MAX_CHARS:
        return f"longer than {MAX_CHARS} characters"
    if len(words) > MAX_WORDS:
        return f"more than {MAX_WORDS} words"
    if _SENTENCE_PUNCT_RE.search(name) or " (" in name or "( " in name:
        return "sentence punctuation"
    if all(word.replace(".", "").isdigit() for word in words):
        return "pure number"
    lowered = [normalize(word) for word in words]
    pairs = list(pairwise(lowered))
    if len(pairs) != len(set(pairs)):
        return "labels glued together (a repeated word pair)"
    if len(words) == 1 and len(words[0]) <= 2:
        return "one or two characters"
    return None


def case_rule(name: str, source: str, verb_phrase: bool) -> tuple[str | None, str]:
    """(case, reason): case "i" or "c" for a kept name, None with the reason for a dropped one.

    Only O*NET's multi-word names can be "c": they are product names ("Lotus Notes"), while a
    capital in an ESCO phrase marks one proper noun in it ("understand spoken Kurdish").
    A phrase of very common words is dropped only when it is a verb phrase ("lead others",
    "keep an open mind"): noun phrases of very common words are established terms ("change
    management", "quality control", "public health", "version control").
    """
    words = tokens_of(name)
    if name.casefold() in SOFT_PHRASES:
        return None, "attitude or working condition worded as a skill (reviewed list)"
    if len(words) == 1:
        word = words[0]
        if normalize(word) in SOFT_WORDS:
            return None, "soft or generic single word"
        if word in CAPITALISED_COMMON_DENY:
            return None, "capitalised word that starts ordinary sentences (reviewed list)"
        if _NON_LETTERS_RE.search(word):
            # "G-code", "PL/SQL", "C++", "follow-up": no English word as a whole.
            parts = [part for part in _NON_LETTERS_RE.split(word) if part]
            if not has_upper(word) and all(zipf(part) >= VERY_COMMON_ZIPF for part in parts):
                return None, f"compound of very common English words (zipf >= {VERY_COMMON_ZIPF})"
            return "i", "compound name"
        frequency = zipf(word)
        if frequency < COMMON_ZIPF:
            if frequency >= RARE_ZIPF and (word.isupper() or word.istitle()):
                return "c", "single word sometimes used in prose, written as a proper name"
            return "i", "single word, not common English"
        if not has_upper(word):
            return None, f"single common English word (zipf >= {COMMON_ZIPF})"
        return "c", "single common word written as a proper name"
    frequencies = [zipf(word) for word in words]
    product = source == "onet" and has_upper(name)
    if verb_phrase and all(value >= VERY_COMMON_ZIPF for value in frequencies):
        return None, f"verb phrase of very common words (zipf >= {VERY_COMMON_ZIPF})"
    if product and all(value >= COMMON_ZIPF for value in frequencies):
        return "c", "common words written as a product name"
    return "i", "multi-word name"
