"""What each part of a resume is: contact block, summary, experience entries, education, ...

Built on structure.parse_resume (which finds headings and bullets); this module names the
sections and reads experience entry headers into role, employer and dates. Section kinds decide
where a matched term "counts": a skill named only under Interests is in the resume, but not
where a reader (or a screening system) looks for it.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from tailor_core.engine.knowledge.words import SECTION_HEADINGS
from tailor_core.engine.read_resume.layout import Kind, Layout, heading_key, mentions_skills


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

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_POINT = rf"(?:(?:{_MONTH}\s+)?(?:19|20)\d{{2}}|\d{{1,2}}/(?:19|20)\d{{2}})"
DATES_RE = re.compile(
    rf"\(?\b{_POINT}(?:\s*(?:-|\u2013|\u2014|to)\s*(?:{_POINT}|present|current|now)\b)?\)?",
    re.IGNORECASE,
)
_PARTS_RE = re.compile(r"\s*(?:,|\||\u2013|\u2014|\s-\s|\s+at\s+|\s+@\s+)\s*")
_TITLE_TEXT = """
    engineer developer programmer architect nurse rn lpn accountant bookkeeper auditor
    controller analyst scientist designer teacher instructor professor tutor aide assistant
    associate manager director lead head supervisor coordinator specialist consultant
    representative rep technician officer administrator intern clerk driver planner therapist
    executive marketer strategist writer editor buyer operator founder owner president vp
    counselor pharmacist physician paralegal agent advisor researcher dispatcher handler
    worker cashier paraprofessional librarian principal chef cook mechanic electrician
    """
TITLE_WORDS = frozenset(_TITLE_TEXT.split())


@dataclass(frozen=True)
class Entry:
    line: int  # index of the entry header line
    role: str
    employer: str
    dates: str


@dataclass(frozen=True)
class ResumeMap:
    sections: tuple[Section, ...]  # per line
    headings: tuple[int, ...]  # line indices of section headings
    entries: tuple[Entry, ...]

    def counts(self, line: int) -> bool:
        # A resume without recognizable headings gets no benefit of the doubt withheld:
        # every line counts, rather than nothing.
        return not self.headings or self.sections[line] in COUNTING


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
    previous_text: int | None = None
    for index, line in enumerate(layout.lines):
        subheading = line.kind is Kind.HEADING and _is_subheading(line.content, current_level)
        if line.kind is Kind.HEADING and _is_name_line(layout, index, headings):
            pass  # "# Jane Doe" or "MARIA LOPEZ, RN" on top: the contact block, not a section
        elif line.kind is Kind.HEADING and not subheading:
            current = section_of(line.content)
            current_level = markdown_level(line.content)
            headings.append(index)
            previous_text = None
        elif current is Section.EXPERIENCE and (subheading or line.kind in (Kind.TEXT, Kind.GROUP)):
            entry = _entry(index, line.content, layout, previous_text)
            if entry is not None:
                entries.append(entry)
                previous_text = None
            else:
                previous_text = index
        elif line.kind is Kind.BLANK:
            previous_text = None
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


def _entry(index: int, content: str, layout: Layout, previous: int | None) -> Entry | None:
    """An entry header: a line with dates; role and employer from it or the line above."""
    content = content.lstrip(" \t#")  # "### Engineer, Acme - 2021" as a Markdown subheading
    dates = DATES_RE.search(content)
    if dates is None:
        return None
    rest = (content[: dates.start()] + " " + content[dates.end() :]).strip(" -*\u2022\t")
    parts = [part.strip(" ()") for part in _PARTS_RE.split(rest) if part.strip(" ()")]
    if previous is not None and len(parts) < 2:
        parts.insert(0, layout.lines[previous].content.strip(" -*\u2022\t#"))
    role, employer = _role_and_employer(parts)
    return Entry(index, role, employer, dates.group().strip("() "))


def _role_and_employer(parts: list[str]) -> tuple[str, str]:
    if not parts:
        return "", ""
    titled = [part for part in parts if _looks_like_title(part)]
    role = titled[0] if titled else ""
    others = [part for part in parts if part != role]
    return role, others[0] if others else ""


def _looks_like_title(text: str) -> bool:
    return any(word.strip(".,").casefold() in TITLE_WORDS for word in text.split())


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


def degree_levels(text: str) -> list[int]:
    """Degree levels (1 associate .. 4 doctorate) the text mentions, highest first."""
    return [level for level, _, pattern in _DEGREES if pattern.search(text)]
