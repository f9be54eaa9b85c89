"""Skills no list names, found from how the posting writes them.

Tools and standards have a shape ordinary words lack: inner capitals (XGBoost, NetSuite),
digits (GA4, ISO 9001, ASC 606), symbols (C++, R&D), all capitals (HACCP, GDPR), or a capital
in mid-sentence on a word general English hardly uses (Teamcenter, Procore). A run of such
tokens is one candidate ("Siemens NX", "Opera PMS"), weighted by how rare it is in general
language, so "Excel" counts for less than "Mastercam".
"""

from __future__ import annotations

import re

from tailor_core.engine.knowledge.rarity import rarity, zipf
from tailor_core.engine.knowledge.words import (
    GENERIC_WORDS,
    NOT_SKILL_ACRONYMS,
    POSTING_FILLER,
    STOPWORDS,
)
from tailor_core.engine.text import TOKEN_RE, normalize

_NUMBER_RE = re.compile(r"\d[\d.,]*[+]?")
_MAX_TOKENS = 4
# A capital after these (or at the start of a line) is a sentence's, not a name's.
_SENTENCE_ENDS = ".!?:;\u2022*\u2013\u2014-"
# A capitalized word at most this common is a name, not a word (Teamcenter, Westlaw).
_NAME_RARITY = 0.6
_NAME_AT_SENTENCE_START = 0.95
_MAX_DIGIT_NAME = 4
_SHOUTING_LETTERS = 20
_SHOUTING_SHARE = 0.6
_UPPER_RE = re.compile(r"[^\W\d_a-z]", re.ASCII)
_LOWER_RE = re.compile(r"[a-z]")
_COMMON_PART_ZIPF = 4.0
_ORDINAL_RE = re.compile(r"\d+(?:st|nd|rd|th)")


Run = tuple[int, int, list[str]]  # start, end, tokens as written


def name_runs(line: str, blocked: frozenset[str]) -> list[Run]:
    """Runs of name-shaped tokens (numbers may follow: "ISO 9001"), with their positions."""
    runs: list[Run] = []
    run: list[str] = []
    shouting = _is_shouting(line)
    run_start = 0
    run_end = 0
    previous_end = -1
    for match in TOKEN_RE.finditer(line):
        token = match.group()
        if not run and token.islower() and token.isalpha():
            # Most words of a posting: no name, and no run to end (_is_name_shaped agrees).
            previous_end = match.end()
            continue
        gap = line[previous_end : match.start()] if previous_end >= 0 else ""
        # Only the text since the previous token can end a sentence: linear in the line.
        tail = gap.rstrip(" \t\"'(\u201c")
        sentence_start = previous_end < 0 or (bool(tail) and tail[-1] in _SENTENCE_ENDS)
        if run and (gap.strip() or len(run) >= _MAX_TOKENS):
            runs.append((run_start, run_end, run))
            run = []
        named = _is_name_shaped(token, sentence_start, blocked, shouting)
        if named or (run and _NUMBER_RE.fullmatch(token)):
            if not run:
                run_start = match.start()
            run.append(token)
            run_end = match.end()
        elif run:
            runs.append((run_start, run_end, run))
            run = []
        previous_end = match.end()
    if run:
        runs.append((run_start, run_end, run))
    return [r for r in runs if not all(_NUMBER_RE.fullmatch(t) for t in r[2])]


def _is_shouting(line: str) -> bool:
    """Mostly capitals over a few words ("WAREHOUSE ASSOCIATE NEEDED IN DALLAS")."""
    upper = len(_UPPER_RE.findall(line))  # counted in C: this runs for every sentence
    lower = len(_LOWER_RE.findall(line))
    letters = upper + lower
    return letters >= _SHOUTING_LETTERS and upper > _SHOUTING_SHARE * letters


def _is_name_shaped(
    token: str, sentence_start: bool, blocked: frozenset[str], shouting: bool = False
) -> bool:
    if token.isalpha() and token.islower():
        return False  # most words of a posting, decided before any lookup
    folded = normalize(token)
    if folded in blocked or folded in NOT_SKILL_ACRONYMS or folded in STOPWORDS:
        return False
    if "-" in folded and any(part in NOT_SKILL_ACRONYMS for part in folded.split("-")):
        return False  # "Mon-Fri"
    if folded in GENERIC_WORDS or folded in POSTING_FILLER:
        return False
    if "-" in folded and any(
        len(part) > 2 and zipf(part) >= _COMMON_PART_ZIPF for part in folded.split("-")
    ):
        return False  # "Remote-friendly", "Indianapolis-based", "HIPAA-aware"
    letters = [char for char in token if char.isalpha()]
    if letters and any(char.isdigit() for char in token):
        # GA4, P6, D1.1, 3D, 3PL; not a quantity such as "32-bed", "10-ton" or "3rd".
        return not token[0].isdigit() or (
            len(token) <= _MAX_DIGIT_NAME and not _ORDINAL_RE.fullmatch(folded)
        )
    if len(letters) < 2 and not token.endswith(("+", "#")):
        return False
    if any(char.isupper() for char in token[1:]) and not token.isupper():
        return True  # XGBoost, NetSuite, iOS, PowerPoint
    if any(char in "+#&" for char in token) or ("." in token.strip(".")):
        return True  # C++, C#, R&D, Node.js
    if shouting:
        return False  # in a line written in capitals, capitals say nothing
    if token.isupper() and len(letters) >= 2:
        return True  # HACCP, GDPR, NEC
    if not token[:1].isupper():
        return False
    # A sentence's first word is capitalized anyway: only a word English never uses is a name.
    return rarity(folded) >= (_NAME_AT_SENTENCE_START if sentence_start else _NAME_RARITY)
