"""What in a posting describes the employer rather than the job: never scored, never missing.

"About Nordvik Energy", the benefits, the equal-opportunity sentence and "how to apply" say
nothing about what a candidate should have, and the company's name and its city are not skills
a resume lacks. They are taken out before the posting is read for skills and terms.
"""

from __future__ import annotations

import re

from tailor_core.engine.knowledge.words import REGIONS
from tailor_core.engine.read_posting.sentences import SENTENCE_RE, is_heading_like
from tailor_core.engine.text import TOKEN_RE, normalize

_BOILERPLATE_HEADING_RE = re.compile(
    r"^\W*(?:about\b|who we are|our (?:story|mission|values|culture|company|team)|why (?:join|work)"
    r"|benefits|perks|what we offer|we offer|compensation|salary|pay range|location|where you|"
    r"equal (?:employment )?opportunity|eeo|diversity|how to apply|to apply|application process"
    r"|the company|company overview|working at|life at)",
    re.IGNORECASE,
)
_BOILERPLATE_SENTENCE_RE = re.compile(
    r"equal (?:employment )?opportunity|without regard to|regardless of|veteran status"
    r"|reasonable accommodation|background check|drug[- ]free|e-?verify|is proud to be"
    r"|we are an? |benefits include|we offer|salary range|pay range|\$\s?\d|401\(?k\)?"
    r"|paid time off|health, dental|dental,? (?:and )?vision|to apply,|apply (?:now|today|online)"
    r"|send (?:your|a) "
    r"|headquartered|founded in|our mission|our values",
    re.IGNORECASE,
)
# The same, case-sensitive, for lower-cased ASCII text, where it gives the same answer: without
# IGNORECASE the regex engine skips ahead by first letter, about 6x faster.
_BOILERPLATE_LOWER_RE = re.compile(_BOILERPLATE_SENTENCE_RE.pattern)
_REGIONS = "|".join(sorted(REGIONS))
# "Location: Austin, TX", "based in Rotterdam", "Stockholm, Sweden" and "Austin, TX".
_PLACE_RES = (
    re.compile(
        r"(?:location|located|based|offices?|headquartered|hq|site|campus|city)\s*(?:in|at|:)\s*"
        r"([^\n.;()]{1,60})",
        re.IGNORECASE,
    ),
    re.compile(rf"\b([A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?,\s?(?:{_REGIONS}))\b"),
)

_PLACE_LOWER_RE = re.compile(_PLACE_RES[0].pattern)


def strip_boilerplate(text: str) -> str:
    """The posting without employer blocks and boilerplate sentences (lines stay in place)."""
    kept: list[str] = []
    skipping = False
    for line in text.split("\n"):
        stripped = line.strip().strip("#*_ ").rstrip(":")
        if stripped and is_heading_like(stripped):
            skipping = _BOILERPLATE_HEADING_RE.match(stripped) is not None
            if skipping:
                kept.append("")
                continue
        if skipping and stripped:
            kept.append("")
            continue
        pieces = SENTENCE_RE.findall(line)
        kept.append("".join(p for p in pieces if not _is_boilerplate(p)))
    return "\n".join(kept)


def _is_boilerplate(sentence: str) -> bool:
    if sentence.isascii():
        return _BOILERPLATE_LOWER_RE.search(sentence.lower()) is not None
    return _BOILERPLATE_SENTENCE_RE.search(sentence) is not None


def place_words(text: str) -> frozenset[str]:
    """Normalized words of the places a posting names (its city, country, office)."""
    # A country or state the posting names is a place wherever it stands; a state code that
    # is also a word ("IN", "OR", "OH") only after a city ("Cleveland, OH", matched below).
    found = {normalize(token) for token in TOKEN_RE.findall(text) if token in REGIONS}
    found -= {"in", "or", "me", "ok", "hi", "oh", "de", "la", "pa"}
    for pattern, searched in ((_PLACE_RES[0], _PLACE_LOWER_RE), (_PLACE_RES[1], None)):
        # Lower-cased ASCII keeps every position, so the case-sensitive twin (several times
        # faster than IGNORECASE) finds the same spans in it.
        if searched is not None and text.isascii():
            spans = [match.span(1) for match in searched.finditer(text.lower())]
        else:
            spans = [match.span(1) for match in pattern.finditer(text)]
        for start, end in spans:
            found.update(
                normalize(token)
                for token in TOKEN_RE.findall(text[start:end])
                if token[:1].isupper()
            )
    return frozenset(found)


def company_words(company: str) -> frozenset[str]:
    """The company name's words, and their possessives ("Meridian's")."""
    words = {normalize(token) for token in TOKEN_RE.findall(company)}
    return frozenset(words | {f"{word}'s" for word in words})
