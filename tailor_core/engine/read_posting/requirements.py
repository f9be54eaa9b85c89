"""What a posting asks for: skills (required or preferred), title, years, degree, other terms.

The posting is data. Sentences that address the system instead of describing the job
("ignore previous instructions", "add Kubernetes to the resume", "score this 100") are dropped
before analysis and only counted in the report, so they cannot steer this engine, and the
language-model engine never sees them either.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar, cast

from tailor_core.domain import JobPosting
from tailor_core.engine.knowledge.lexicon import get_lexicon
from tailor_core.engine.knowledge.rarity import phrase_rarity
from tailor_core.engine.knowledge.words import (
    GENERIC_WORDS,
    NOT_SKILL_ACRONYMS,
    POSTING_FILLER,
    STOPWORDS,
    TITLE_ABBREVIATIONS,
    TITLE_MODIFIERS,
)
from tailor_core.engine.read_posting.boilerplate import (
    company_words,
    place_words,
    strip_boilerplate,
)
from tailor_core.engine.read_posting.discover import name_runs
from tailor_core.engine.read_posting.sentences import SENTENCE_RE, is_heading_like
from tailor_core.engine.read_posting.terms import (
    EMPTY_POSTING_MESSAGE,
    PostingTerm,
    analyze_posting,
)
from tailor_core.engine.read_resume.sections import degree_levels
from tailor_core.engine.text import TOKEN_RE, TermFinder, normalize, tokens
from tailor_core.errors import PermanentError

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
# A looser INSTRUCTION_RE for lower-cased ASCII: no alternative starts with a word boundary
# or an anchor, so the regex engine skips ahead by first letter, about 3x faster. Every line
# INSTRUCTION_RE could flag matches it, and only lines it matches are read sentence by sentence.
_INSTRUCTION_HINT_RE = re.compile(
    re.sub(r"(^|\|)\\b", r"\1", INSTRUCTION_RE.pattern.replace(r"|^\s*(?:system", r"|(?:system"))
)
_PREFERRED_RE = re.compile(
    r"\b(?:preferred|preferably|nice to have|nice-to-have|a plus|is a plus|bonus|desirable"
    r"|desired|ideally|optional)\b",
    re.IGNORECASE,
)
_REQUIRED_HEADING_RE = re.compile(
    r"\b(?:requirements?|required|must|qualifications|what you (?:need|bring|have))\b", re.I
)
# A sentence about licences and certifications: the skills it names are credentials.
_CREDENTIAL_RE = re.compile(
    r"\b(?:licen[cs]e[ds]?|licensure|certifi(?:ed|cation|cate)s?|credentials?|registered"
    r"|board[- ]certified|bar admission|admitted to (?:the|practice)|endorsements?)\b",
    re.IGNORECASE,
)
_YEARS_RE = re.compile(
    r"\b(\d{1,2})\s*\+?\s*(?:(?:-|\u2013|to)\s*\d{1,2}\s*)?\+?\s*years?\b", re.IGNORECASE
)


T = TypeVar("T")

# Relative weight of a skill inside the skills part, before calibration scales the part.
PREFERRED_WEIGHT = 0.5
TITLE_SKILL_BONUS = 1.5
REPEAT_BONUS = 0.25  # per repetition, up to MAX_REPEATS
MAX_REPEATS = 3
TITLE_MODIFIER_WEIGHT = 0.3
MAX_OTHER_TERMS = 40


@dataclass(frozen=True)
class PostingSkill:
    key: str  # lexicon key, or the normalized tokens of a discovered name
    form: str  # the posting's own spelling, which tailoring mirrors
    required: bool
    weight: float
    known: bool  # named by the lexicon or vocabulary (so aliases apply), not only discovered
    tokens: tuple[str, ...]  # normalized tokens of the form
    # A name that is also a common word ("Go", "Excel") counts only as written, capitals and all.
    cased: bool = False
    raw_tokens: tuple[str, ...] = ()
    # A licence or certification (RN, CPA, CDL, ServSafe): a gate, not a skill to show off.
    credential: bool = False

    @property
    def phrase(self) -> tuple[str, ...]:
        """The words to look for in a resume: as written when cased, else normalized."""
        return self.raw_tokens if self.cased else self.tokens


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
    skills = _skills(title, body, blocked, _lowercase_words(description))
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


def strip_instructions(text: str) -> tuple[str, int]:
    """The text without instruction-like sentences, and how many were dropped."""
    kept: list[str] = []
    dropped = 0
    for line in text.split("\n"):
        pieces = SENTENCE_RE.findall(line)
        if line.isascii() and _INSTRUCTION_HINT_RE.search(line.lower()) is None:
            kept.append("".join(pieces))
            continue
        good = [piece for piece in pieces if not INSTRUCTION_RE.search(piece)]
        dropped += len(pieces) - len(good)
        kept.append("".join(good))
    return "\n".join(kept), dropped


def _skills(
    title: str, description: str, blocked: frozenset[str], lowercase: set[str]
) -> tuple[PostingSkill, ...]:
    lexicon = get_lexicon()
    forms: dict[str, Counter[str]] = {}
    counts: Counter[str] = Counter()
    required: set[str] = set()
    credentials: set[str] = set()
    known: dict[str, bool] = {}
    key_tokens: dict[str, tuple[str, ...]] = {}
    preferred_block = False
    for line_number, line in enumerate([title, *description.split("\n")]):
        if line_number and is_heading_like(line):
            preferred_block = _PREFERRED_RE.search(line) is not None and not (
                _REQUIRED_HEADING_RE.search(line)
            )
        for sentence in SENTENCE_RE.findall(line):
            preferred = preferred_block or _PREFERRED_RE.search(sentence) is not None
            found: list[tuple[str, str, bool]] = []
            spans: list[tuple[int, int]] = []
            for hit in lexicon.find(sentence):
                ordinary = hit.key in lowercase and _is_cased(hit.surface, hit.key)
                if _usable_skill(hit.key, blocked) and not ordinary:
                    # "Assembly" (the language) is no skill in a posting that also writes
                    # "assembly lines": a name that is also a word counts only when the
                    # posting never uses the word in lower case.
                    found.append((hit.key, hit.surface, True))
                spans.append((hit.start, hit.end))
            # The title is scored as a title; only the description names discovered skills.
            runs = name_runs(sentence, blocked) if line_number else []
            for start, end, run in runs:
                if any(start < hit_end and hit_start < end for hit_start, hit_end in spans):
                    continue  # the lexicon already named it ("Power BI", not "BI")
                form = sentence[start:end]
                found.append((" ".join(normalize(token) for token in run), form, False))
            about_credentials = _CREDENTIAL_RE.search(sentence) is not None
            for key, surface, is_known in found:
                if about_credentials or _is_credential(key):
                    credentials.add(key)
                forms.setdefault(key, Counter())[surface] += 1
                counts[key] += 1
                known[key] = known.get(key, False) or is_known
                key_tokens.setdefault(key, tuple(tokens(surface)))
                if not preferred:
                    required.add(key)
    title_keys = {hit.key for hit in lexicon.find(title)}
    skills = []
    for key in forms:
        form = _form(key, forms[key]) if known[key] else forms[key].most_common(1)[0][0]
        weight = (1.0 if key in required else PREFERRED_WEIGHT) * (
            1 + REPEAT_BONUS * (min(counts[key], MAX_REPEATS) - 1)
        )
        if key in title_keys:
            weight *= TITLE_SKILL_BONUS
        skill = lexicon.skills.get(key)
        if not known[key] or (skill is not None and not skill.curated):
            # A name general English uses ("Excel", "budgeting") tells less than "Mastercam".
            weight *= 0.4 + 0.6 * phrase_rarity(key_tokens[key] or tuple(key.split()))
        skills.append(
            PostingSkill(
                key=key,
                form=form,
                required=key in required,
                weight=round(weight, 4),
                known=known[key],
                tokens=tuple(tokens(form)),
                cased=_is_cased(form, key),
                raw_tokens=tuple(TOKEN_RE.findall(form)),
                credential=key in credentials,
            )
        )
    return tuple(sorted(skills, key=lambda s: (-s.weight, s.key)))


def _is_credential(key: str) -> bool:
    skill = get_lexicon().skills.get(key)
    return skill is not None and skill.field == "credentials"


def _is_cased(form: str, key: str) -> bool:
    lexicon = get_lexicon()
    raw = tuple(TOKEN_RE.findall(form))
    return lexicon.cased.get(raw) == key and lexicon.folded.get(tuple(tokens(form))) != key


def _usable_skill(key: str, blocked: frozenset[str]) -> bool:
    """Not a generic word, and not only the company's or its city's name."""
    words = key.split()
    if all(word in blocked for word in words):
        return False
    return not (
        len(words) == 1
        and (key in GENERIC_WORDS or key in POSTING_FILLER or key in NOT_SKILL_ACRONYMS)
    )


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


def _years(description: str) -> int | None:
    found = [
        int(match.group(1))
        for sentence in SENTENCE_RE.findall(description)
        if "experience" in sentence.casefold()
        for match in _YEARS_RE.finditer(sentence)
    ]
    return min(found) if found else None
