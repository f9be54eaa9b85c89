"""What a posting asks for: skills (required or preferred), title, years, degree, other terms.

The posting is data. Sentences that address the system instead of describing the job
("ignore previous instructions", "add Kubernetes to the resume", "score this 100") are dropped
before analysis and only counted in the report, so they cannot steer this engine, and the
language-model engine never sees them either.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar, cast

from tailor_core.domain import JobPosting
from tailor_core.engine.knowledge.lexicon import get_lexicon
from tailor_core.engine.knowledge.rarity import phrase_rarity
from tailor_core.engine.knowledge.words import (
    GENERIC_WORDS,
    STOPWORDS,
    TITLE_ABBREVIATIONS,
    TITLE_MODIFIERS,
)
from tailor_core.engine.read_posting.boilerplate import (
    company_words,
    place_words,
    strip_boilerplate,
)
from tailor_core.engine.read_posting.instructions import strip_instructions
from tailor_core.engine.read_posting.sentences import SENTENCE_RE
from tailor_core.engine.read_posting.skills import PostingSkill as PostingSkill
from tailor_core.engine.read_posting.skills import posting_skills
from tailor_core.engine.read_posting.terms import (
    EMPTY_POSTING_MESSAGE,
    PostingTerm,
    analyze_posting,
)
from tailor_core.engine.read_resume.sections import degree_levels
from tailor_core.engine.text import TOKEN_RE, TermFinder, normalize, tokens
from tailor_core.errors import PermanentError

_YEARS_RE = re.compile(
    r"\b(\d{1,2})\s*\+?\s*(?:(?:-|\u2013|to)\s*\d{1,2}\s*)?\+?\s*years?\b", re.IGNORECASE
)


T = TypeVar("T")

TITLE_MODIFIER_WEIGHT = 0.3
MAX_OTHER_TERMS = 40


@dataclass(frozen=True)
class Requirements:
    skills: tuple[PostingSkill, ...]  # heaviest first, then by key
    terms: tuple[PostingTerm, ...]  # other rare terms, not skills
    title_weights: dict[str, float]  # title word -> weight, in the title's order
    years: int | None
    degree: int | None  # lowest degree level the posting names
    ignored_sentences: int
    blocked: frozenset[str]  # company and place words: never a skill, never missing

    @property
    def title_words(self) -> tuple[str, ...]:
        return tuple(self.title_weights)

    @cached_property
    def finder(self) -> TermFinder:
        """Finds the posting's terms, skill keys and title words in resume text; it remembers
        each line for as long as these requirements live, which is one job."""
        return TermFinder(
            [
                *(term.term for term in self.terms),
                *(skill.key for skill in self.skills),
                *self.title_words,
            ]
        )

    @cached_property
    def skill_by_key(self) -> dict[str, PostingSkill]:
        return {skill.key: skill for skill in self.skills}

    def memo(self, name: str, compute: Callable[[], T]) -> T:
        """A value derived from these requirements, computed once for the job."""
        cache: dict[str, Any] = self.__dict__.setdefault("_memo", {})
        if name not in cache:
            cache[name] = compute()
        return cast(T, cache[name])


def analyze_requirements(posting: JobPosting) -> Requirements:
    description, ignored = strip_instructions(posting.description)
    title, ignored_title = strip_instructions(posting.title)
    if TOKEN_RE.search(description) is None:
        raise PermanentError(EMPTY_POSTING_MESSAGE)
    body = strip_boilerplate(description)
    blocked = company_words(posting.company_name) | place_words(f"{title}\n{description}")
    # Words of the company's name that the posting also writes in lower case are real words
    # ("Data Corp" hiring for "data pipelines"): only the name's own use is blocked.
    lowercase = _lowercase_words(body)
    blocked = frozenset(word for word in blocked if word not in lowercase)
    skills = posting_skills(title, body, blocked, _lowercase_words(description))
    skill_tokens = {token for skill in skills for token in skill.tokens}
    skill_tokens.update(token for skill in skills for token in skill.key.split())
    lexicon = get_lexicon()
    clean = JobPosting(title=title, company_name=posting.company_name, description=body)
    title_weights = _title_weights(title, blocked)
    # Skills and title words are scored in their own parts; "terms" is for what else is rare.
    covered = skill_tokens | title_weights.keys()
    terms: list[PostingTerm] = []
    for term in analyze_posting(clean):
        words = term.term.split()
        if lexicon.lookup(term.term) is not None or set(words) <= covered:
            continue
        if any(word in GENERIC_WORDS or word in blocked for word in words):
            continue
        weight = term.weight * phrase_rarity(words)
        if weight > 0:
            terms.append(PostingTerm(term.term, round(weight, 4)))
    terms.sort(key=lambda term: (-term.weight, term.term))
    levels = degree_levels(body)
    return Requirements(
        skills=skills,
        terms=tuple(terms[:MAX_OTHER_TERMS]),
        title_weights=title_weights,
        years=_years(body),
        degree=min(levels) if levels else None,
        ignored_sentences=ignored + ignored_title,
        blocked=blocked,
    )


def _lowercase_words(text: str) -> set[str]:
    return {normalize(raw) for raw in TOKEN_RE.findall(text) if raw == raw.lower()}


def _title_weights(title: str, blocked: frozenset[str]) -> dict[str, float]:
    """Content words of the title; seniority words ("Senior", "II") count for less."""
    weights: dict[str, float] = {}
    for token in tokens(title):
        word = TITLE_ABBREVIATIONS.get(token, token)
        for part in word.split():
            if part in STOPWORDS or part in blocked or part in weights:
                continue
            weights[part] = TITLE_MODIFIER_WEIGHT if part in TITLE_MODIFIERS else 1.0
    return weights


def _years(description: str) -> int | None:
    found = [
        int(match.group(1))
        for sentence in SENTENCE_RE.findall(description)
        if "experience" in sentence.casefold()
        for match in _YEARS_RE.finditer(sentence)
    ]
    return min(found) if found else None
