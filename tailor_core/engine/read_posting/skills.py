"""The skills a posting names: from the lexicon, the vocabulary and discovery, weighted.

A skill counts as required unless its sentence or block says "preferred" or "nice to have"; a
name repeated counts a little more; a name that general English uses ("Excel", "budgeting")
counts less than a rare tool ("Mastercam"); a skill in a sentence about licences is a
credential.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from tailor_core.engine.knowledge.lexicon import get_lexicon
from tailor_core.engine.knowledge.rarity import phrase_rarity
from tailor_core.engine.knowledge.words import GENERIC_WORDS, NOT_SKILL_ACRONYMS, POSTING_FILLER
from tailor_core.engine.read_posting.discover import name_runs
from tailor_core.engine.read_posting.sentences import SENTENCE_RE, is_heading_like
from tailor_core.engine.text import TOKEN_RE, normalize, tokens

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


# Relative weight of a skill inside the skills part, before calibration scales the part.
PREFERRED_WEIGHT = 0.5
TITLE_SKILL_BONUS = 1.5
REPEAT_BONUS = 0.25  # per repetition, up to MAX_REPEATS
MAX_REPEATS = 3


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


def posting_skills(
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
