"""Mirroring: the posting's name of a skill written beside the resume's synonym.

"Postgres" becomes "PostgreSQL (Postgres)" only in skills lists and bullet text, never in a
title, an employer, a degree or licence line, or inside a slash compound, only for curated
strict synonyms, and never losing a word the person wrote.
"""

from __future__ import annotations

import re

from tailor_core.engine.knowledge.lexicon import get_lexicon, names_term
from tailor_core.engine.knowledge.rarity import zipf
from tailor_core.engine.match import Found
from tailor_core.engine.read_posting.requirements import Requirements
from tailor_core.engine.read_resume.layout import Kind
from tailor_core.engine.read_resume.sections import Section, degree_levels
from tailor_core.engine.score import Evaluation
from tailor_core.engine.text import TOKEN_RE

# Lines about a degree, licence or certification keep their exact wording.
_CREDENTIAL_LINE_RE = re.compile(
    r"\b(?:licen[cs]|certif|registered\b|board[- ]certified|credential|degree\b|diploma\b)",
    re.I,
)


# A single word that is also common English ("Go", "rails", "Excel") or a single letter ("C")
# names a skill only where it is listed as one: it is never rewritten and never summarised
# from prose ("the Epic Go Live", "guard rails", "Vitamin C").
AMBIGUOUS_ZIPF = 3.5


VERY_COMMON_ZIPF = 5.0


def mirror_line(
    content: str,
    forms: dict[str, str],
    used: set[tuple[str, str]],
    keys: set[str] | None = None,
) -> str:
    """The line with the posting's name written before each synonym of a wanted skill.

    "Postgres" becomes "PostgreSQL (Postgres)": the posting's term is there for a screening
    system, and the person's own word stays. Never inside a slash compound ("Java/J2EE"), and
    not where the line already writes the posting's name ("User Experience (UX)").
    """
    if not forms:
        return content
    hits = [
        hit
        for hit in get_lexicon().find(content)
        if hit.key in forms and not is_ambiguous(hit.surface)
    ]
    present = {hit.key for hit in hits if names_term(hit.surface, forms[hit.key])}
    for hit in reversed(hits):
        form = forms[hit.key]
        if hit.in_compound or hit.key in present or names_term(hit.surface, form):
            continue
        content = f"{content[: hit.start]}{form} ({hit.surface}){content[hit.end :]}"
        used.add((form, hit.surface))
        if keys is not None:
            keys.add(hit.key)
    return content


def is_ambiguous(surface: str) -> bool:
    """One short or common word: whether it names the skill depends on where it stands."""
    words = TOKEN_RE.findall(surface)
    if len(words) != 1:
        return False
    word = words[0]
    frequency = zipf(word)
    # "C", "Go", "Word"; or a lower-case common word ("rails", "torch"). A capitalized tool
    # name that is also a word ("Python", "Excel") is the tool.
    return (
        len(word) <= 1
        or frequency >= VERY_COMMON_ZIPF
        or (word.islower() and frequency >= AMBIGUOUS_ZIPF)
    )


def mirrorable_skills(req: Requirements, before: Evaluation) -> dict[str, str]:
    """Posting skills the resume names, and only curated ones: their aliases are strict
    synonyms. Credentials (RN, CPA) are never rewritten."""
    skills = get_lexicon().skills
    return {
        skill.key: skill.form
        for skill in req.skills
        if before.skills[skill.key].found > Found.ABSENT
        and skill.key in skills
        and skills[skill.key].curated
        and skills[skill.key].field != "credentials"
    }


def mirrorable_lines(before: Evaluation, forms: dict[str, str]) -> frozenset[int]:
    """Skills-list lines and bullet text naming a skill to mirror; never headings, entry
    headers, contact, education, certifications, or a line about a degree or licence."""
    if not forms:
        return frozenset()
    layout, resume_map = before.layout, before.resume_map
    lexicon = get_lexicon()
    headers = {
        index for entry in resume_map.entries for index in range(entry.first_line, entry.line + 1)
    }
    allowed: set[int] = set()
    for index, line in enumerate(layout.lines):
        section = resume_map.sections[index]
        if index in headers or section in _FIXED_SECTIONS:
            continue
        if not any(hit.key in forms for hit in lexicon.find(line.content)):
            continue  # nothing to mirror here (the scan is cached from scoring)
        if _CREDENTIAL_LINE_RE.search(line.content) or degree_levels(line.content):
            continue  # "Registered Nurse, Illinois", "B.S. in CS, JS concentration"
        bullet_text = line.kind in (Kind.BULLET, Kind.CONTINUATION)
        if line.in_skills or section is Section.SKILLS or bullet_text:
            allowed.add(index)
    return frozenset(allowed)


_FIXED_SECTIONS = frozenset({Section.CONTACT, Section.EDUCATION, Section.CERTIFICATIONS})
