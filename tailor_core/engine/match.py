"""Stage 3, match: where in the resume each thing the posting asks for is found.

Evidence is kept per line, so the report can say "PostgreSQL: found as Postgres on line 14".
Where it is found matters: in the sections a reader looks at (summary, experience, skills,
certifications, projects, education) it counts in full; anywhere else (interests, the contact
block) for half; under another name of the same skill (Postgres for PostgreSQL) for a little
less than in full, because screening systems reward the posting's exact term.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from tailor_core.engine.knowledge.lexicon import get_lexicon, names_term
from tailor_core.engine.knowledge.words import SLASH_COMPOUNDS, TITLE_ABBREVIATIONS
from tailor_core.engine.read_posting.requirements import Requirements
from tailor_core.engine.read_posting.terms import PostingTerm
from tailor_core.engine.read_resume.layout import Layout
from tailor_core.engine.read_resume.sections import ResumeMap, Section
from tailor_core.engine.text import features, tokens, words

Weights = Mapping[str, float]


class Found(enum.IntEnum):
    ABSENT = 0
    ELSEWHERE = 1
    ALIAS = 2
    EXACT = 3


@dataclass(frozen=True)
class Evidence:
    found: Found
    surface: str  # as the resume writes it ("" when absent)
    line: int | None  # index of the line, None when absent


ABSENT = Evidence(Found.ABSENT, "", None)


def find_skills(
    layout: Layout, resume_map: ResumeMap, req: Requirements, ignore: frozenset[int]
) -> dict[str, Evidence]:
    """The best evidence for each posting skill; the first line wins among equals."""
    lexicon = get_lexicon()
    wanted = req.skill_by_key
    best = dict.fromkeys(wanted, ABSENT)
    for index, line in enumerate(layout.lines):
        if index in ignore or not line.content.strip():
            continue
        counts = resume_map.counts(index)
        for hit in lexicon.find(line.content):
            skill = wanted.get(hit.key)
            if skill is None:
                continue
            if not counts:
                found = Found.ELSEWHERE
            elif names_term(hit.surface, skill.form):
                found = Found.EXACT
            else:
                found = Found.ALIAS
            if found > best[hit.key].found:
                best[hit.key] = Evidence(found, hit.surface, index)
        # The posting's own words inside a longer name also count: "ADP" in "ADP Workforce
        # Now", "Lean" in "Lean Six Sigma", and every discovered skill, found as a phrase.
        found = Found.EXACT if counts else Found.ELSEWHERE
        pending = [s for s in req.skills if best[s.key].found < found]
        if pending:
            line_tokens = match_tokens(line.content)
            raw_tokens = match_tokens(line.content, keep_case=True)
            for skill in pending:
                written = raw_tokens if skill.cased else line_tokens
                if _contains(written, skill.tokens if not skill.cased else skill.raw_tokens):
                    best[skill.key] = Evidence(found, skill.form, index)
    return best


def lines_naming_skills(layout: Layout, req: Requirements) -> frozenset[int]:
    """Every line that names any skill the posting asks for (not only the best evidence)."""
    lexicon = get_lexicon()
    wanted = req.skill_by_key
    discovered = [skill for skill in req.skills if not skill.known]
    found: set[int] = set()
    for index, line in enumerate(layout.lines):
        if any(hit.key in wanted for hit in lexicon.find(line.content)):
            found.add(index)
        elif discovered:
            line_tokens = match_tokens(line.content)
            if any(_contains(line_tokens, skill.tokens) for skill in discovered):
                found.add(index)
    return frozenset(found)


def find_terms(
    layout: Layout, resume_map: ResumeMap, req: Requirements, ignore: frozenset[int]
) -> dict[str, Found]:
    terms = dict.fromkeys((term.term for term in req.terms), Found.ABSENT)
    for index, line in enumerate(layout.lines):
        if index in ignore:
            continue
        found = Found.EXACT if resume_map.counts(index) else Found.ELSEWHERE
        for term in req.finder(line.content).intersection(terms):
            terms[term] = max(terms[term], found)
    return terms


def title_words_in(text: str) -> set[str]:
    """The words of a title or entry header, abbreviations ("Sr.", "Mgr") read in full and a
    credential's alias ("RN") read as its name ("registered nurse")."""
    found: set[str] = set()
    for token in tokens(text):
        found.update(TITLE_ABBREVIATIONS.get(token, token).split())
        if "/" in token:
            found.update(part for part in token.split("/") if part)
    for hit in get_lexicon().find(text):
        found.update(hit.key.split())
    return found


@lru_cache(maxsize=8192)
def match_tokens(text: str, keep_case: bool = False) -> tuple[str, ...]:
    """Normalized tokens with slash compounds opened ("C/C++" -> c, c++) and plurals folded,
    for finding a skill as a phrase; with `keep_case`, as written (for "Go", "Excel")."""
    out: list[str] = []
    written = [word[2] for word in words(text)] if keep_case else tokens(text)
    for token in written:
        if "/" in token and token.casefold() not in SLASH_COMPOUNDS:
            out.extend(_singular(part) for part in token.split("/") if part)
        else:
            out.append(_singular(token))
    return tuple(out)


def _singular(token: str) -> str:
    return token[:-1] if len(token) > 3 and token.endswith("s") and token[-2] != "s" else token


def _contains(haystack: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    needle = tuple(_singular(token) for token in phrase)
    if not needle:
        return False
    size = len(needle)
    first = needle[0]
    return any(
        haystack[index] == first and haystack[index : index + size] == needle
        for index in range(len(haystack) - size + 1)
    )


def section_name(resume_map: ResumeMap, line: int | None) -> str | None:
    if line is None:
        return None
    section: Section = resume_map.sections[line]
    return str(section)


# --- relevance of one line, for ordering bullets and the report's top lines -----------------


def term_weights(terms: Sequence[PostingTerm]) -> dict[str, float]:
    return {term.term: term.weight for term in terms}


def terms_in(text: str, weights: Weights) -> frozenset[str]:
    """Posting terms the text mentions as whole tokens or adjacent-word phrases.

    Matching goes through the token sets, never substring search, so "java" is not found in
    "javascript" and the cost stays linear in the length of the text.
    """
    return features(text).intersection(weights)


def relevance(terms: Iterable[str], weights: Weights) -> float:
    """Sum of the weights of distinct terms; a term repeated on one line counts once."""
    return sum(weights[term] for term in set(terms))
