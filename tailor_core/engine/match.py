"""Stage 3, match: where in the resume each thing the posting asks for is found.

Evidence is kept per line, so the report can say "PostgreSQL: found as Postgres on line 14".
Where it is found matters: in the sections a reader looks at (summary, experience, skills,
certifications, projects, education) it counts in full; anywhere else (interests, the contact
block) for half; under another name of the same skill (Postgres for PostgreSQL) for a little
less than in full, because screening systems reward the posting's exact term.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from tailor_core.engine.knowledge.lexicon import get_lexicon, names_term
from tailor_core.engine.knowledge.words import SLASH_COMPOUNDS, TITLE_ABBREVIATIONS
from tailor_core.engine.read_posting.requirements import PostingSkill, Requirements
from tailor_core.engine.read_resume.layout import Layout
from tailor_core.engine.read_resume.sections import ResumeMap, Section
from tailor_core.engine.text import features, token_set, tokens, words

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
# Where a skill is shown in use rather than only listed (a skills line, the summary).
DEMONSTRATING = frozenset({Section.EXPERIENCE, Section.PROJECTS})


def find_skills(
    resume_map: ResumeMap,
    req: Requirements,
    texts: list[str],
    by_line: dict[int, frozenset[str]],
) -> dict[str, Evidence]:
    """The best evidence for each posting skill; the first line wins among equals.

    Only the lines `skills_by_line` found naming a posting skill are read again here, for
    where and under which name each is written.
    """
    lexicon = get_lexicon()
    wanted = req.skill_by_key
    best = dict.fromkeys(wanted, ABSENT)
    for index in sorted(by_line):
        content = texts[index]
        counts = resume_map.counts(index)
        named = by_line[index]
        for hit in lexicon.find(content):
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
        # Now", "Lean" in "Lean Manufacturing", and every discovered skill, found as a phrase.
        found = Found.EXACT if counts else Found.ELSEWHERE
        for key in named:
            if best[key].found < found:
                surface = _phrase_surface(content, wanted[key])
                if surface is not None:
                    best[key] = Evidence(found, surface, index)
    return best


def evidence_lines(layout: Layout, resume_map: ResumeMap) -> list[str]:
    """Each line's text as evidence of skills: an employer's name is not a skill the person
    has ("Java House Coffee", "Amazon Web Services"), so in entry headers it is blanked out
    (spaces, so positions in the line stay the same)."""
    texts = [line.content for line in layout.lines]
    for entry in resume_map.entries:
        if not entry.employer:
            continue
        for index in range(entry.first_line, entry.line + 1):
            texts[index] = texts[index].replace(entry.employer, " " * len(entry.employer))
    return texts


def skills_by_line(
    layout: Layout, req: Requirements, texts: list[str], ignore: frozenset[int] = frozenset()
) -> dict[int, frozenset[str]]:
    """The posting skills each line names (lines naming none are left out).

    A known skill is found by the lexicon scan, also inside a longer name ("ADP" in "ADP
    Workforce Now", "Lean" in "Lean Manufacturing"); a discovered one as a phrase.
    """
    lexicon = get_lexicon()
    wanted = req.skill_by_key
    within: dict[str, frozenset[str]] = req.memo("within", dict)
    discovered = req.memo("discovered", lambda: [s for s in req.skills if not s.known])
    plurals = req.memo("plurals", lambda: _one_word_plurals(req))
    found: dict[int, frozenset[str]] = {}
    for index, content in enumerate(texts):
        if index in ignore or not content.strip():
            continue
        keys: set[str] = set()
        for hit in lexicon.find(content):
            if hit.key in wanted:
                keys.add(hit.key)
            else:
                if hit.key not in within:
                    within[hit.key] = _wanted_within(hit.key, req)
                keys |= within[hit.key]
        # "forklifts", "audits": a one-word skill in the plural names it too. A substring
        # test first: building the line's token set costs more than it usually saves.
        if plurals:
            folded = content.casefold()
            for plural, key in plurals.items():
                if plural in folded and plural in token_set(content):
                    keys.add(key)
        if discovered and _may_name_a_phrase(content, req):
            keys.update(s.key for s in discovered if _names_phrase(content, s))
        if keys:
            found[index] = frozenset(keys)
    return found


def _phrase_surface(text: str, skill: PostingSkill) -> str | None:
    """The text's own words that name the skill as a phrase ("forklifts" for "forklift"),
    or None. Slash compounds are not opened here: "C++" in "C/C++" was found by the lexicon."""
    spans = words(text)
    needle = _needle(skill.phrase)
    written = [_singular(raw if skill.cased else folded) for _, _, raw, folded in spans]
    size = len(needle)
    for index in range(len(written) - size + 1):
        if tuple(written[index : index + size]) == needle:
            return text[spans[index][0] : spans[index + size - 1][1]]
    return skill.form if _names_phrase(text, skill) else None


def _one_word_plurals(req: Requirements) -> dict[str, str]:
    """Plural spellings of known one-word skills (not those matched only with their
    capitals), to the skill: "forklifts" -> "forklift"."""
    return {
        skill.tokens[0] + "s": skill.key
        for skill in req.skills
        if skill.known and len(skill.tokens) == 1 and not skill.cased
    }


def _wanted_within(key: str, req: Requirements) -> frozenset[str]:
    """Posting skills whose words stand, in order, inside the longer skill name `key`."""
    name = tuple(key.split())
    return frozenset(
        skill.key
        for skill in req.skills
        if skill.known and len(skill.tokens) < len(name) and _contains(name, skill.tokens)
    )


def _may_name_a_phrase(text: str, req: Requirements) -> bool:
    """Whether any word of the line could start a posting skill's phrase: a set test on the
    line's cached tokens that spares most lines the phrase comparison."""
    starts = req.memo("phrase_starts", lambda: _phrase_starts(req))
    folded_starts = req.memo("folded_starts", lambda: {start.casefold() for start in starts})
    folded = text.casefold()
    if not any(start in folded for start in folded_starts):
        return False
    return not starts.isdisjoint(token_set(text))


def _phrase_starts(req: Requirements) -> frozenset[str]:
    """First words of every discovered skill, as written and with a plural "s"."""
    firsts = {_needle(s.phrase)[0] for s in req.skills if not s.known and s.phrase}
    return frozenset(firsts | {first + "s" for first in firsts})


def _names_phrase(text: str, skill: PostingSkill) -> bool:
    """The skill's own words, in order, in the text (with its capitals if it is cased)."""
    return _contains(match_tokens(text, keep_case=skill.cased), skill.phrase)


def demonstrated(resume_map: ResumeMap, by_line: dict[int, frozenset[str]]) -> frozenset[str]:
    """Skills named in an experience or project section, not only listed."""
    return frozenset(
        key
        for index, keys in by_line.items()
        if resume_map.sections[index] in DEMONSTRATING or not resume_map.headings
        for key in keys
    )


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


@lru_cache(maxsize=65536)
def _singular(token: str) -> str:
    return token[:-1] if len(token) > 3 and token.endswith("s") and token[-2] != "s" else token


def _contains(haystack: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    needle = _needle(phrase)
    if not needle or needle[0] not in haystack:
        return False  # the usual case, decided at C speed
    size = len(needle)
    if size == 1:
        return True
    first = needle[0]
    return any(
        haystack[index] == first and haystack[index : index + size] == needle
        for index in range(len(haystack) - size + 1)
    )


@lru_cache(maxsize=4096)
def _needle(phrase: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_singular(token) for token in phrase)


def section_name(resume_map: ResumeMap, line: int | None) -> str | None:
    if line is None:
        return None
    section: Section = resume_map.sections[line]
    return str(section)


# --- relevance of one line, for ordering bullets and the report's top lines -----------------


def terms_in(text: str, weights: Weights) -> frozenset[str]:
    """Posting terms the text mentions as whole tokens or adjacent-word phrases.

    Matching goes through the token sets, never substring search, so "java" is not found in
    "javascript" and the cost stays linear in the length of the text.
    """
    return features(text).intersection(weights)


def relevance(terms: Iterable[str], weights: Weights) -> float:
    """Sum of the weights of distinct terms; a term repeated on one line counts once."""
    # Summed in sorted order: float addition depends on order, and a set's order on the
    # process's hash seed, so the same input must not give 6.004 in one worker, 6.0039... in
    # another.
    return sum(weights[term] for term in sorted(set(terms)))
