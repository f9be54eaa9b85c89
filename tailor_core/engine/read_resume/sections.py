"""What each part of a resume is: contact block, summary, experience entries, education, ...

Built on structure.parse_resume (which finds headings and bullets); this module names the
sections and reads experience entry headers into role, employer and dates. Section kinds decide
where a matched term "counts": a skill named only under Interests is in the resume, but not
where a reader (or a screening system) looks for it.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from tailor_core.engine.knowledge.words import SECTION_HEADINGS, word_set
from tailor_core.engine.read_resume.entries import Entry, find_dates, read_entry
from tailor_core.engine.read_resume.layout import Kind, Layout, heading_key, mentions_skills
from tailor_core.engine.text import tokens


class Section(enum.StrEnum):
    CONTACT = "contact"  # everything before the first heading: name, email, phone
    SUMMARY = "summary"
    EXPERIENCE = "experience"
    EDUCATION = "education"
    SKILLS = "skills"
    CERTIFICATIONS = "certifications"
    PROJECTS = "projects"
    OTHER = "other"  # interests, volunteering, references, ...


COUNTING = frozenset(
    {
        Section.SUMMARY,
        Section.EXPERIENCE,
        Section.EDUCATION,
        Section.SKILLS,
        Section.CERTIFICATIONS,
        Section.PROJECTS,
    }
)

# Checked in order: "volunteer experience" is not work experience, "training" is education.
_SECTION_HINTS: tuple[tuple[Section, tuple[str, ...]], ...] = (
    (Section.OTHER, ("volunteer", "interest", "hobb", "reference", "affiliation", "membership")),
    (Section.SUMMARY, ("summary", "profile", "objective", "about")),
    (Section.CERTIFICATIONS, ("certif", "licen", "credential")),
    (Section.EXPERIENCE, ("experience", "employment", "work history", "career history")),
    (Section.EDUCATION, ("education", "training", "academic", "degree")),
    (Section.PROJECTS, ("project", "portfolio")),
)


@dataclass(frozen=True)
class ResumeMap:
    sections: tuple[Section, ...]  # per line
    headings: tuple[int, ...]  # line indices of section headings
    entries: tuple[Entry, ...]

    def counts(self, line: int) -> bool:
        # A resume without recognizable headings gets no benefit of the doubt withheld:
        # every line counts, rather than nothing.
        return not self.headings or self.sections[line] in COUNTING


# Pure, and asked of the same lines before and after tailoring: cached by text.
@lru_cache(maxsize=8192)
def section_of(heading: str) -> Section:
    key = heading_key(heading)
    for section, hints in _SECTION_HINTS:
        if any(hint in key for hint in hints):
            return section
    return Section.SKILLS if mentions_skills(key) else Section.OTHER


def map_resume(layout: Layout) -> ResumeMap:
    sections: list[Section] = []
    headings: list[int] = []
    entries: list[Entry] = []
    current = Section.CONTACT
    current_level = 0
    # Header lines seen since the last entry, blank line or heading: an entry written over
    # two or three lines (employer, then title, then dates) takes its parts from them.
    above: list[tuple[int, str]] = []
    for index, line in enumerate(layout.lines):
        # "### Nurse, Mercy - 2019" is an entry of the section it sits in, whatever its level.
        subheading = line.kind is Kind.HEADING and (
            _is_subheading(line.content, current_level)
            or (current is Section.EXPERIENCE and find_dates(line.content) is not None)
        )
        if line.kind is Kind.HEADING and _is_name_line(layout, index, headings):
            pass  # "# Jane Doe" or "MARIA LOPEZ, RN" on top: the contact block, not a section
        elif line.kind is Kind.HEADING and not subheading:
            current = section_of(line.content)
            current_level = markdown_level(line.content)
            headings.append(index)
            above = []
        elif current is Section.EXPERIENCE and (
            subheading or line.kind in (Kind.TEXT, Kind.GROUP, Kind.BULLET)
        ):
            entry = read_entry(
                index, line.content, above, in_experience=True, bullet=line.kind is Kind.BULLET
            )
            if entry is not None:
                entries.append(entry)
                above = []
            elif line.kind is Kind.BULLET:
                above = []  # an achievement bullet: the next entry starts after it
            else:
                above = [*above[-1:], (index, line.content)]
        elif line.kind is Kind.BLANK:
            above = []
        sections.append(current)
    return ResumeMap(tuple(sections), tuple(headings), tuple(entries))


def markdown_level(content: str) -> int:
    """2 for "## Experience"; 0 for a heading that is not Markdown ("WORK HISTORY")."""
    stripped = content.lstrip(" \t")
    return len(stripped) - len(stripped.lstrip("#"))


def _is_subheading(content: str, section_level: int) -> bool:
    """ "### Engineer, Acme - 2021" under "## Experience" is an entry of it, not a new section.

    Only a known section name ("### Skills") starts a section at a deeper level: a role or an
    employer may well contain a word such as "Software" that hints at one.
    """
    level = markdown_level(content)
    if section_level == 0 or level <= section_level:
        return False
    return heading_key(content) not in SECTION_HEADINGS


def _is_name_line(layout: Layout, index: int, headings: list[int]) -> bool:
    if headings or section_of(layout.lines[index].content) is not Section.OTHER:
        return False
    return all(line.kind is Kind.BLANK for line in layout.lines[:index])


# --- degrees -------------------------------------------------------------------------------

# Two-letter forms need their dots ("M.S.") or "in" after them: "MA" is also Massachusetts and
# "MS" also Microsoft.
_DEGREES: tuple[tuple[int, str, re.Pattern[str]], ...] = (
    (
        4,
        "doctorate",
        re.compile(r"\bph\.?\s?d\b|\bdoctorate\b|\bdoctor of\b|\bd\.n\.p\b|\bed\.d\b", re.I),
    ),
    (
        3,
        "master's",
        re.compile(
            r"\bmaster'?s?\b|\bm\.s\.|\bm\.a\.|\bmsc\b|\bmba\b|\bm\.?eng\b|\bmsn\b|\bm\.ed\b"
            r"|\bm[sa] in\b",
            re.I,
        ),
    ),
    (
        2,
        "bachelor's",
        re.compile(
            r"\bbachelor'?s?\b|\bb\.s\.|\bb\.a\.|\bbsc\b|\bb\.b\.a\b|\bbba\b|\bbsn\b|\bb\.?eng\b"
            r"|\bb\.ed\b|\bb[sa] in\b",
            re.I,
        ),
    ),
    (
        1,
        "associate",
        re.compile(r"\bassociate'?s? degree\b|\bassociate of\b|\ba\.a\.s?\b|\badn\b", re.I),
    ),
)
DEGREE_NAMES = {level: name for level, name, _ in _DEGREES}


# Every degree pattern starts at one of these words (as the shared tokenizer reads them):
# a line with none names no degree, and most lines are ruled out by one set test.
_DEGREE_WORDS = word_set(
    """
    ph ph.d phd doctorate doctor d.n.p ed.d master master's masters m.s m.a msc mba m.eng
    meng msn m.ed ms ma bachelor bachelor's bachelors b.s b.a bsc b.b.a bba bsn b.eng beng
    b.ed bs ba associate associate's associates a.a a.a.s adn
    """
)


def degree_levels(text: str) -> list[int]:
    """Degree levels (1 associate .. 4 doctorate) the text mentions, highest first."""
    return degrees_in_lines(text.split("\n"))


def degrees_in_lines(lines: Iterable[str]) -> list[int]:
    """degree_levels of the lines together, for text already split into lines."""
    found: set[int] = set()
    for line in lines:
        found |= _line_degrees(line)
    return sorted(found, reverse=True)


@lru_cache(maxsize=8192)
def _line_degrees(line: str) -> frozenset[int]:
    # Cached by text: the same lines are read before and after tailoring.
    if _DEGREE_WORDS.isdisjoint(tokens(line)):
        return frozenset()
    return frozenset(level for level, _, pattern in _DEGREES if pattern.search(line))
