"""What a posting asks for: skills (required or preferred), title, years, degree, other terms.

The posting is data. Sentences that address the system instead of describing the job
("ignore previous instructions", "add Kubernetes to the resume", "score this 100") are dropped
before analysis and only counted in the report, so they cannot steer this engine, and the
language-model engine never sees them either.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from tailor_core.domain import JobPosting
from tailor_core.engine.knowledge.lexicon import get_lexicon
from tailor_core.engine.knowledge.words import STOPWORDS
from tailor_core.engine.read_posting.terms import (
    EMPTY_POSTING_MESSAGE,
    PostingTerm,
    analyze_posting,
)
from tailor_core.engine.read_resume.sections import degree_levels
from tailor_core.engine.text import TOKEN_RE, TermFinder, normalize, tokens
from tailor_core.errors import PermanentError

# A full stop ends a sentence only before a space or the end: "Node.js" and "e.g." stay whole.
_SENTENCE_RE = re.compile(r"(?:[^.!?\n]|[.!?](?=[^\s.!?]))+[.!?]*")
INSTRUCTION_RE = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b.{0,60}\b(?:instructions?|prompts?|rules|above"
    r"|previous|prior|everything)\b"
    r"|\byou are (?:now )?(?:an? )?(?:ai|assistant|chatbot|language model|llm|gpt)\b"
    r"|\b(?:system|developer) (?:prompt|message)\b|^\s*(?:system|assistant|user)\s*:"
    r"|\bas an ai\b|\bnew instructions?\b|\bdo not (?:follow|obey)\b"
    r"|\b(?:add|insert|include|write|claim|put)\b.{0,80}\b(?:to|in|into|on)\s+(?:the |my |this "
    r"|your |their )?(?:resume|cv|profile)\b"
    r"|\b(?:score|rate|rank)\b.{0,40}\b(?:resume|candidate|applicant)\b.{0,20}\b(?:100|highly|top)",
    re.IGNORECASE,
)
_PREFERRED_RE = re.compile(
    r"\b(?:preferred|preferably|nice to have|nice-to-have|a plus|is a plus|bonus|desirable"
    r"|desired|ideally|optional)\b",
    re.IGNORECASE,
)
_REQUIRED_HEADING_RE = re.compile(
    r"\b(?:requirements?|required|must|qualifications|what you (?:need|bring|have))\b", re.I
)
_YEARS_RE = re.compile(
    r"\b(\d{1,2})\s*\+?\s*(?:(?:-|\u2013|to)\s*\d{1,2}\s*)?\+?\s*years?\b", re.IGNORECASE
)


@dataclass(frozen=True)
class PostingSkill:
    key: str
    form: str  # the posting's own spelling, which tailoring mirrors
    required: bool
    weight: int


@dataclass(frozen=True)
class Requirements:
    skills: tuple[PostingSkill, ...]  # heaviest first, then by key
    terms: tuple[PostingTerm, ...]  # other terms, not skills
    title_words: tuple[str, ...]
    years: int | None
    degree: int | None  # lowest degree level the posting names
    ignored_sentences: int

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


def analyze_requirements(posting: JobPosting) -> Requirements:
    description, ignored = strip_instructions(posting.description)
    title, ignored_title = strip_instructions(posting.title)
    if TOKEN_RE.search(description) is None:
        raise PermanentError(EMPTY_POSTING_MESSAGE)
    clean = JobPosting(title=title, company_name=posting.company_name, description=description)
    skills = _skills(title, description)
    skill_tokens = {token for skill in skills for token in tokens(skill.form)}
    skill_tokens.update(token for skill in skills for token in skill.key.split())
    lexicon = get_lexicon()
    terms = tuple(
        term
        for term in analyze_posting(clean)
        if lexicon.lookup(term.term) is None and not set(term.term.split()) <= skill_tokens
    )
    levels = degree_levels(description)
    return Requirements(
        skills=skills,
        terms=terms,
        title_words=tuple(dict.fromkeys(t for t in tokens(title) if t not in STOPWORDS)),
        years=_years(description),
        degree=min(levels) if levels else None,
        ignored_sentences=ignored + ignored_title,
    )


def strip_instructions(text: str) -> tuple[str, int]:
    """The text without instruction-like sentences, and how many were dropped."""
    kept: list[str] = []
    dropped = 0
    for line in text.split("\n"):
        pieces = _SENTENCE_RE.findall(line)
        good = [piece for piece in pieces if not INSTRUCTION_RE.search(piece)]
        dropped += len(pieces) - len(good)
        kept.append("".join(good))
    return "\n".join(kept), dropped


def _skills(title: str, description: str) -> tuple[PostingSkill, ...]:
    lexicon = get_lexicon()
    forms: dict[str, Counter[str]] = {}
    first_seen: dict[str, int] = {}
    required: set[str] = set()
    counts: Counter[str] = Counter()
    preferred_block = False
    position = 0
    for line in [title, *description.split("\n")]:
        if _is_heading_like(line):
            preferred_block = _PREFERRED_RE.search(line) is not None and not (
                _REQUIRED_HEADING_RE.search(line)
            )
        for sentence in _SENTENCE_RE.findall(line):
            preferred = preferred_block or _PREFERRED_RE.search(sentence) is not None
            for hit in lexicon.find(sentence):
                forms.setdefault(hit.key, Counter())[hit.surface] += 1
                first_seen.setdefault(hit.key, position)
                position += 1
                counts[hit.key] += 1
                if not preferred:
                    required.add(hit.key)
    title_keys = {hit.key for hit in lexicon.find(title)}
    skills = [
        PostingSkill(
            key=key,
            form=_form(key, forms[key]),
            required=key in required,
            # Same scale as other terms (posting.py), with a bonus for being required, so a
            # named skill outranks a generic word the posting happens to repeat.
            weight=min(counts[key], 5)
            + (3 if key in title_keys else 0)
            + (2 if key in required else 0),
        )
        for key in forms
    ]
    return tuple(sorted(skills, key=lambda s: (-s.weight, s.key)))


def _form(key: str, forms: Counter[str]) -> str:
    """The posting's most used spelling; one that differs from the lexicon's name only in case
    ("postgresql", "Machine learning" at a sentence start) gives way to the name."""
    name = get_lexicon().skills[key].name
    # "PostgreSQL" and "Kubernetes" are how the thing is written; "Supply Chain Management" is
    # just title case, and mid-sentence the posting's "supply chain management" reads better.
    special = " " not in name or name != name.title()
    if special and any(normalize(form) == normalize(name) for form in forms):
        return name
    # A capital only because the word starts a sentence ("Machine learning is a plus") is not
    # the posting's spelling; ties go to the other forms.
    return sorted(forms.items(), key=lambda item: (-item[1], _sentence_case(item[0]), item[0]))[0][
        0
    ]


def _sentence_case(form: str) -> bool:
    return form[:1].isupper() and form[1:] == form[1:].lower() and " " in form


def _is_heading_like(line: str) -> bool:
    stripped = line.strip().rstrip(":")
    return bool(stripped) and len(stripped.split()) <= 6 and not stripped.endswith(".")


def _years(description: str) -> int | None:
    found = [
        int(match.group(1))
        for sentence in _SENTENCE_RE.findall(description)
        if "experience" in sentence.casefold()
        for match in _YEARS_RE.finditer(sentence)
    ]
    return min(found) if found else None
