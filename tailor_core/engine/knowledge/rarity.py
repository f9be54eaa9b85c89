"""How rare a word is in general English: the weight of a term nobody else's resume has.

"XGBoost" and "Teamcenter" say much more about a posting than "results" or "develop", and no
list of skills names them all, so rarity comes from word frequencies measured over general
text (the `wordfreq` package, pinned to one major version so the same posting keeps the same
weights). Only its small English list is loaded (about 4 MB, once per process).
"""

from __future__ import annotations

from functools import cache, lru_cache

# Zipf frequency: 7 for "the", about 5 for "experience", 3 for "stockholm", 0 for unseen words.
COMMON_ZIPF = 5.0
RARE_ZIPF = 2.5


@cache
def _frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict, zipf_frequency

    # zipf_frequency() for each word is slow (it tokenizes); the dict is read once instead.
    assert zipf_frequency("the", "en", wordlist="small") > 0
    return get_frequency_dict("en", wordlist="small")


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """The word's Zipf frequency in general English (0 when the small list lacks it)."""
    import math

    frequency = _frequencies().get(word.casefold(), 0.0)
    return round(math.log10(frequency) + 9, 2) if frequency > 0 else 0.0


def rarity(word: str) -> float:
    """1 for a word general English hardly uses, 0 for a common one, linear in between."""
    value = (COMMON_ZIPF - zipf(word)) / (COMMON_ZIPF - RARE_ZIPF)
    return min(1.0, max(0.0, value))


def phrase_rarity(tokens: tuple[str, ...] | list[str]) -> float:
    """A phrase is as telling as its rarest word ("ventilator management" by "ventilator")."""
    return max((rarity(token) for token in tokens), default=0.0)
