"""Experience entries: the dates of a job, its role and its employer, as people write them.

Dates come as "2019 - 2023", "03/2019 - present", "Jan 2020 - Present" (hyphen or en dash),
"2019 to date", "June 2018 - Aug 2021" or "2015-2017"; role and employer in either order,
split by a comma, a bar, a dash, "at" or "@", or on the line(s) above the dates. Roles are
recognised without a fixed list: a part that is not the employer (which usually carries a
company word such as Inc, Hospital or School) and reads like a title, not a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from tailor_core.engine.knowledge.words import REGIONS, TITLE_ABBREVIATIONS, WORK_MODES, word_set

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_POINT = rf"(?:(?:{_MONTH}\s+)?(?:19|20)\d{{2}}|\d{{1,2}}/(?:19|20)\d{{2}})"
_OPEN_END = r"present|current|now|today|(?:to\s+)?date|ongoing"
_SEPARATOR = r"\s*(?:-|\u2013|\u2014|to|until|through|till)\s*"
DATES_RE = re.compile(
    rf"\(?\b(?:since\s+)?(?P<start>{_POINT})(?:{_SEPARATOR}(?P<end>{_POINT}|{_OPEN_END})\b)?\)?",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_POINT_RE = re.compile(
    rf"(?:(?P<month>{_MONTH})\s+)?(?P<year>(?:19|20)\d{{2}})|(?P<mm>\d{{1,2}})/(?P<yyyy>(?:19|20)\d{{2}})",
    re.IGNORECASE,
)
# A dash separates parts only with a space beside it: "K\u201312" and "Co-Manager" stay whole.
_PARTS_RE = re.compile(
    r"\s*(?:,|\||\u00b7|\t|\s[\u2013\u2014-]|[\u2013\u2014]\s|\s+at\s+|\s+@\s+)\s*"
)
# What follows a role's head noun: "Director of Operations", "Nurse for Pediatrics".
_ROLE_TAIL_RE = re.compile(r"\s+(?:of|for|in|to)\s+|\s*[(,]", re.IGNORECASE)
_LIST_NUMBER_RE = re.compile(r"^\s*(?:\d{1,2}[.)]|[ivx]{1,4}\.)\s+", re.IGNORECASE)
# Words that make a part an organisation rather than a role. The weak ones also occur in
# roles ("Systems Engineer", "Health Aide"), so a part that reads like a title overrides them.
_EMPLOYER_WORDS = word_set(
    """
    inc inc. llc llp ltd ltd. plc corp corp. corporation co co. company gmbh ag sa bv
    holdings hospital clinic university college school academy institute district county
    bank labs laboratories foundation trust council ministry authority restaurant hotel
    resort café cafe bistro
    """
)
_WEAK_EMPLOYER_WORDS = word_set(
    """
    group partners associates health healthcare medical center centre city state department
    agency capital systems solutions technologies services consulting studio board motors
    """
)
# Role words that are common enough to settle doubt; anything else may still be a role.
_ROLE_ENDINGS = ("er", "or", "ist", "ant", "ent", "ian", "ive", "ary", "ee")
# Words of a sentence, not of a job title.
_PROSE_WORDS = word_set(
    "as with using responsible built building led managed was were is are my our"
)
_LEVELS = word_set("i ii iii iv v 1 2 3 4 sr jr")
_ROLE_WORDS = word_set(
    """
    lead head chef nurse aide clerk intern rn lpn cna np pa partner analyst manager director
    engineer developer designer teacher consultant specialist coordinator associate assistant
    officer executive president vp principal agent buyer cook barista foreman superintendent
    electrician plumber welder machinist mechanic technician paralegal attorney counsel
    lawyer auditor accountant controller bookkeeper planner dispatcher driver scientist
    architect administrator admin representative rep recruiter generalist partner trainer
    instructor lecturer professor tutor counselor therapist pharmacist physician surgeon
    strategist writer editor producer artist photographer owner founder ceo cto cfo coo
    co-op apprentice journeyman journeyworker paraprofessional banker teller
    """
)
_MAX_ROLE_WORDS = 8
# A line with one date and more words than this is prose, not an entry header.
_MAX_SINGLE_DATE_WORDS = 10
_MAX_CITY_WORDS = 3


@dataclass(frozen=True)
class Span:
    """Months since year 0 (year * 12 + month - 1); an open end runs to the date of tailoring."""

    start: int
    end: int | None  # None: "present"

    def last_month(self, today: date) -> int:
        return self.end if self.end is not None else today.year * 12 + today.month - 1

    def months(self, today: date) -> int:
        return max(0, self.last_month(today) - self.start + 1)


@dataclass(frozen=True)
class Entry:
    line: int  # index of the line holding the dates
    first_line: int  # index of the entry's first header line (the dates line or one above)
    role: str  # as written, "" when no part reads like a role
    employer: str
    dates: str
    header: str  # every header line of the entry, joined: where a title is looked for
    span: Span | None


def find_dates(content: str) -> re.Match[str] | None:
    # Most lines hold no year at all; this plain search rules them out cheaply.
    if _YEAR_RE.search(content) is None:
        return None
    return DATES_RE.search(content)


def parse_span(match: re.Match[str]) -> Span | None:
    start = _month_index(match.group("start"), first=True)
    if start is None:
        return None
    end_text = match.group("end")
    if end_text is None:
        end = _month_index(match.group("start"), first=False)
    elif _POINT_RE.fullmatch(end_text.strip()):
        end = _month_index(end_text, first=False)
    else:
        return Span(start, None)
    if end is None or end < start:
        return None
    return Span(start, end)


def _month_index(text: str, *, first: bool) -> int | None:
    match = _POINT_RE.search(text)
    if match is None:
        return None
    if match.group("yyyy"):
        month = int(match.group("mm"))
        if not 1 <= month <= 12:
            return None
        return int(match.group("yyyy")) * 12 + month - 1
    year = int(match.group("year"))
    name = match.group("month")
    if name:
        return year * 12 + _MONTHS[name[:3].casefold()] - 1
    # A bare year: "2019 - 2021" runs from the start of the first to the end of the last.
    return year * 12 + (0 if first else 11)


def read_entry(
    index: int, content: str, above: list[tuple[int, str]], in_experience: bool, bullet: bool
) -> Entry | None:
    """An entry from a line with dates and, where it lacks a role or an employer, the header
    lines above it (an employer line, a title line)."""
    text = content.lstrip(" \t#").strip()
    match = find_dates(text)
    if match is None:
        return None
    rest = (text[: match.start()] + " " + text[match.end() :]).strip(" -*\u2022\u25cf\t|,\u00b7")
    if match.group("end") is None and not _single_date_header(text, match, rest, bullet):
        return None  # "45 cases closed in 2023" is an achievement, not a job
    parts = split_parts(rest)
    header_lines = [content]
    first_line = index
    role, employer = role_and_employer(parts)
    for line_index, line in reversed(above[-2:]):
        if role and employer and _looks_like_title(role):
            break
        line_parts = split_parts(line)
        if not line_parts or find_dates(line):
            break
        parts = line_parts + parts
        header_lines.insert(0, line)
        first_line = line_index
        role, employer = role_and_employer(parts)
    if not parts and not in_experience:
        return None
    return Entry(
        line=index,
        first_line=first_line,
        role=role,
        employer=employer,
        dates=match.group().strip("() "),
        header=" ".join(header_lines),
        span=parse_span(match),
    )


def _single_date_header(text: str, match: re.Match[str], rest: str, bullet: bool) -> bool:
    """A line with one date is an entry header when it is short; as a bullet only when the
    date ends it and it lists separate parts ("- Account Manager, Acme, 2021")."""
    if len(rest.split()) > _MAX_SINGLE_DATE_WORDS:
        return False
    if not bullet:
        return True
    at_end = not text[match.end() :].strip(" )].,;")
    return at_end and len(split_parts(rest)) >= 2


# Pure, and asked of the same lines before and after tailoring: cached by text.
@lru_cache(maxsize=8192)
def is_entry_header_line(content: str) -> bool:
    """A line that heads an entry, whatever its kind: a date range, or a short list of parts
    ending in one date. Such a line never moves and is never rewritten."""
    text = content.lstrip(" \t#").strip()
    match = find_dates(text)
    if match is None:
        return False
    if match.group("end") is not None:
        return True
    rest = (text[: match.start()] + " " + text[match.end() :]).strip(" -*\u2022\u25cf\t|,\u00b7")
    return _single_date_header(text, match, rest, bullet=True)


def split_parts(text: str) -> list[str]:
    """Role, employer and other parts of a header, without places and work modes."""
    raw = [clean_part(part) for part in _PARTS_RE.split(text)]
    raw = [part for part in raw if part]
    parts: list[str] = []
    for position, part in enumerate(raw):
        following = raw[position + 1] if position + 1 < len(raw) else ""
        if part in REGIONS or part.casefold() in WORK_MODES or part.split()[-1] in REGIONS:
            continue  # "NC", "Remote", "Toledo OH"
        if following in REGIONS and len(part.split()) <= _MAX_CITY_WORDS and position > 0:
            continue  # "Charlotte" in "Bank, Charlotte, NC"
        parts.append(part)
    return parts


def clean_part(text: str) -> str:
    text = _LIST_NUMBER_RE.sub("", text.strip(" \t#*_-\u2022\u25cf|/&"))
    return text.strip(" ()[]*_,;:/&")


def role_and_employer(parts: list[str]) -> tuple[str, str]:
    if not parts:
        return "", ""
    possible = [part for part in parts if _could_be_role(part)]
    # A part whose head noun is a role is one even with an employer word ("School Nurse").
    titled = [part for part in possible if _looks_like_title(part)]
    clean = [part for part in titled if not _is_employer(part, weak=True)]
    plain = [part for part in possible if not _is_employer(part, weak=True)]
    role = (clean or titled or plain or [""])[0]
    others = [part for part in parts if part != role]
    employers = [part for part in others if _is_employer(part, weak=True)]
    return role, (employers or others or [""])[0]


def _could_be_role(part: str) -> bool:
    # A sentence ("Led a team of 12 nurses.", "Stripe as a backend engineer") is never a role.
    words = part.split()
    return (
        len(words) <= _MAX_ROLE_WORDS
        and not part.endswith(".")
        and "@" not in part
        # "iOS Developer" and "eCommerce Manager" start in lower case; prose does too, but
        # without a capital right after.
        and (part[:1].isupper() or part[:1].isdigit() or any(c.isupper() for c in part[1:3]))
        and _PROSE_WORDS.isdisjoint(word.casefold() for word in words)
    )


def _is_employer(part: str, *, weak: bool = False) -> bool:
    words = {word.casefold().strip(".,()") for word in part.split()}
    if weak and (not words.isdisjoint(_WEAK_EMPLOYER_WORDS) or " & " in part):
        return True
    return not words.isdisjoint(_EMPLOYER_WORDS)


def looks_like_role(part: str) -> bool:
    """A job title, not an employer, a place or a fragment of a sentence."""
    return _could_be_role(part) and _looks_like_title(part)


def _looks_like_title(part: str) -> bool:
    """A role ends in its head noun ("Credit Analyst", "RN/Charge Nurse") or starts with it
    before "of" ("Director of Operations"); "Kennebec River Credit Union" does not."""
    head = _ROLE_TAIL_RE.split(part, maxsplit=1)[0]
    for segment in head.split("/"):
        words = [w for w in segment.split() if w.casefold().strip(".") not in _LEVELS]
        if not words:
            continue
        word = words[-1].casefold().strip(".,()")
        if word in TITLE_ABBREVIATIONS or word in _ROLE_WORDS:
            return True
        if len(word) > 3 and word.endswith(_ROLE_ENDINGS):
            return True
    return False
