"""How a resume is laid out: headings, bullets, and the blocks bullets may be reordered within.

Everything here errs towards "this line stays where it is": a line the parser cannot place
with confidence is treated as fixed text, because moving it could break chronology or split an
entry from its bullets, and no score gain is worth a resume that reads wrong.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from tailor_core.engine.knowledge.words import SECTION_HEADINGS, SECTION_NOUNS, SKILL_HINTS
from tailor_core.engine.read_resume.entries import is_entry_header_line
from tailor_core.engine.text import split_lines

_MARKERS = "\u2022\u25cf\u25aa\u25e6\u2023\u00b7"  # bullet glyphs: • ● ▪ ◦ ‣ ·
_DASHES = "-*\u2013"  # hyphen, asterisk, en dash
# "-", "*" and an en dash must be followed by a space to be a bullet, so "-5%", "**Bold**" and "---"
# are text; the dedicated bullet glyphs are bullets even when glued to the word (PDF export).
BULLET_RE = re.compile(rf"\s*(?:[{_MARKERS}]|[{_DASHES}](?=\s|$))")
# Optional bullet, then an optional short "Label:" (group 1) before a list of items.
LIST_PREFIX_RE = re.compile(
    rf"\s*(?:(?:[{_MARKERS}]|[{_DASHES}](?=\s|$))\s*)?(?:([^,;|:()\[\]{{}}]{{1,40}}):\s*)?"
)
_MARKDOWN_HEADING_RE = re.compile(r"[ \t]{0,3}#{1,6}(?:\s|$)")
# Years and column separators mark an entry header ("Nurse, Mercy | 2019-2023"), which must
# never be mistaken for the wrapped tail of the bullet above it.
_ENTRY_HINT_RE = re.compile("\\b(?:19|20)\\d{2}\\b|\\s[|\u2013\u2014]\\s|\t")
_MAX_CAPS_HEADING_WORDS = 5
_MAX_NAMED_HEADING_WORDS = 4
_HEADING_JOINS = frozenset({"and", "&", "of", "in", "for", "/"})
_MAX_CAPS_HEADING_CHARS = 50


class Kind(enum.Enum):
    BLANK = "blank"
    HEADING = "heading"
    BULLET = "bullet"
    # Wrapped text: it travels with the bullet above it.
    CONTINUATION = "continuation"
    # A bullet with deeper bullets under it: stays in place like an entry header.
    GROUP = "group"
    # Entry headers, dates, contact details, prose: always stays in place.
    TEXT = "text"


@dataclass(frozen=True)
class ResumeLine:
    content: str
    ending: str
    kind: Kind
    in_skills: bool


# A unit is a bullet plus its continuation lines (line indices); a block is a run of units
# under one heading or entry. Only units inside one block are ever reordered.
Unit = tuple[int, ...]
Block = tuple[Unit, ...]


@dataclass(frozen=True)
class Layout:
    lines: tuple[ResumeLine, ...]
    blocks: tuple[Block, ...]


def parse_resume(text: str) -> Layout:
    lines: list[ResumeLine] = []
    blocks: list[Block] = []
    units: list[list[int]] = []
    block_indent = 0
    skills_section = False

    def close_block() -> None:
        if len(units) > 1:
            blocks.append(tuple(tuple(unit) for unit in units))
        units.clear()

    for index, (content, ending) in enumerate(split_lines(text)):
        if not content.strip():
            kind = Kind.BLANK
            close_block()
        elif is_heading(content):
            kind = Kind.HEADING
            close_block()
            skills_section = mentions_skills(heading_key(content))
        elif BULLET_RE.match(content) and not is_entry_header_line(content):
            indent = _indent(content)
            if units and indent > block_indent:
                # The bullet above heads deeper bullets, so it may well be an entry
                # ("- Acme, 2019-2023" over its achievements): it stays where it is, and its
                # sub-bullets become a block of their own.
                for head in units.pop():
                    lines[head] = replace(lines[head], kind=Kind.GROUP)
                close_block()
                block_indent = indent
                kind = Kind.BULLET
                units.append([index])
            else:
                if units and indent < block_indent:
                    close_block()
                if not units:
                    block_indent = indent
                kind = Kind.BULLET
                units.append([index])
        elif units and _continues_bullet(content, block_indent):
            kind = Kind.CONTINUATION
            units[-1].append(index)
        else:
            kind = Kind.TEXT
            close_block()
        in_skills = kind not in (Kind.BLANK, Kind.HEADING) and (
            skills_section or _has_skills_label(content)
        )
        lines.append(ResumeLine(content, ending, kind, in_skills))
    close_block()
    return Layout(tuple(lines), tuple(blocks))


# Pure, and asked of the same lines before and after tailoring: cached by text.
@lru_cache(maxsize=8192)
def is_heading(content: str) -> bool:
    if _MARKDOWN_HEADING_RE.match(content):
        return True
    if BULLET_RE.match(content):
        return False
    key = heading_key(content)
    return key in SECTION_HEADINGS or _is_caps_heading(content) or _is_named_section(content, key)


def _is_named_section(content: str, key: str) -> bool:
    """ "Summary of Qualifications", "Clinical Experience:", "Licenses & Certifications".

    Short, capitalized like a heading and ending in a section noun; a role never ends in one
    ("Project Manager"), and a line with digits or separators is an entry, not a heading.
    """
    words = key.split()
    if not words or len(words) > _MAX_NAMED_HEADING_WORDS or words[-1] not in SECTION_NOUNS:
        return False
    stripped = content.strip().strip("*_").removesuffix(":")
    if any(char.isdigit() or char in ",|\u2013\u2014@" for char in stripped):
        return False
    return all(word[:1].isupper() or word.casefold() in _HEADING_JOINS for word in stripped.split())


# Pure, and asked of the same lines before and after tailoring: cached by text.
@lru_cache(maxsize=8192)
def heading_key(content: str) -> str:
    """'## Skills & Tools:' -> 'skills and tools', for comparison with known section names."""
    text = content.strip().lstrip("#").strip().strip("*_=").strip().removesuffix(":")
    return " ".join(text.replace("&", " and ").casefold().split())


def mentions_skills(key: str) -> bool:
    return any(hint in key for hint in SKILL_HINTS)


def _is_caps_heading(content: str) -> bool:
    stripped = content.strip()
    if len(stripped) > _MAX_CAPS_HEADING_CHARS:
        return False
    if len(stripped.split()) > _MAX_CAPS_HEADING_WORDS or "@" in stripped:
        return False
    if any(char.isdigit() for char in stripped):
        return False
    return stripped.isupper() and sum(char.isalpha() for char in stripped) >= 2


# Pure, and asked of the same lines before and after tailoring: cached by text.
@lru_cache(maxsize=8192)
def _has_skills_label(content: str) -> bool:
    match = LIST_PREFIX_RE.match(content)
    label = match.group(1) if match else None
    return label is not None and mentions_skills(heading_key(label))


def _continues_bullet(content: str, block_indent: int) -> bool:
    # A line that might be an entry header stays put even if indented: a stranded wrapped line
    # reads oddly, but an entry header moved among another job's bullets breaks chronology.
    if _ENTRY_HINT_RE.search(content):
        return False
    # Deeper indentation is the layout's own statement that the line belongs to the bullet.
    return _indent(content) > block_indent or content.lstrip()[:1].islower()


def _indent(content: str) -> int:
    stripped = content.lstrip()
    return len(content[: len(content) - len(stripped)].expandtabs(4))
