"""Reading resumes as people write them (engine.read_resume: layout, sections, entries)."""

# Real resumes use en dashes and typographic apostrophes; the test data must too.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from tailor_core.engine.read_resume.entries import find_dates, parse_span
from tailor_core.engine.read_resume.layout import Kind, parse_resume
from tailor_core.engine.read_resume.sections import Section, map_resume
from tests.support.tailoring import ALIASES_RESUME, TODAY

# --- layout ------------------------------------------------------------------------------------

LAYOUT = """# Jane Doe
Experience:
WORK HISTORY
**Skills**
Engineer, Acme — 2019-2023
- first
  wrapped tail
    - sub bullet
* second
• third
–  fourth
-5% is not a bullet
**bold** is not a bullet
---
"""


def test_headings_bullets_and_continuations_are_recognized() -> None:
    kinds = [line.kind for line in parse_resume(LAYOUT).lines]
    assert kinds == [
        Kind.HEADING,
        Kind.HEADING,
        Kind.HEADING,
        Kind.HEADING,
        Kind.TEXT,
        Kind.GROUP,
        Kind.GROUP,  # "- first" heads a sub-bullet: with its wrapped tail, it stays put
        Kind.BULLET,
        Kind.BULLET,
        Kind.BULLET,
        Kind.BULLET,
        Kind.TEXT,
        Kind.TEXT,
        Kind.TEXT,
        Kind.BLANK,
    ]
    assert parse_resume(LAYOUT).blocks == (((8,), (9,), (10,)),)


def test_a_bullet_with_sub_bullets_stays_and_its_sub_bullets_form_a_block() -> None:
    text = "- Acme, 2021-2023\n  - a\n    wrapped\n  - b\n- Beta\n  - c\n  - d\n- e\n- f"
    layout = parse_resume(text)
    assert [line.kind for line in layout.lines] == [
        Kind.TEXT,  # a bullet with dates is an entry header: it never moves
        Kind.BULLET,
        Kind.CONTINUATION,
        Kind.BULLET,
        Kind.GROUP,
        Kind.BULLET,
        Kind.BULLET,
        Kind.BULLET,
        Kind.BULLET,
    ]
    assert layout.blocks == (((1, 2), (3,)), ((5,), (6,)), ((7,), (8,)))


def test_entry_headers_and_blank_lines_end_blocks() -> None:
    text = "- a\n- b\nNurse, Mercy | 2019 - 2021\n- c\n- d\n\n- e\n- f\n- g\nSome text\n- h"
    assert parse_resume(text).blocks == (
        ((0,), (1,)),
        ((3,), (4,)),
        ((6,), (7,), (8,)),
    )


def test_a_lowercase_line_with_a_date_is_an_entry_not_a_continuation() -> None:
    layout = parse_resume("- built things\niOS Developer, Apple 2015-2019\n- shipped apps")
    assert [line.kind for line in layout.lines] == [Kind.BULLET, Kind.TEXT, Kind.BULLET]


def test_skill_lines_are_found_by_heading_or_label() -> None:
    layout = parse_resume("Technical Skills:\nPython, Go\nSummary\nLanguages: Go, Rust\nA, B")
    assert [line.in_skills for line in layout.lines] == [False, True, False, True, False]


# --- sections and entries ----------------------------------------------------------------------


def test_sections_entries_and_name_line() -> None:
    layout = parse_resume(ALIASES_RESUME)
    resume_map = map_resume(layout)
    assert resume_map.sections[0] is Section.CONTACT  # "# Zoë ..." is the name, not a section
    assert [(e.role, e.employer, e.dates) for e in resume_map.entries] == [
        ("Senior Engineer", "Acme Corp", "2019-2023"),
        ("Intern", "Beta", "2018-2019"),
    ]
    assert resume_map.sections[-2] is Section.OTHER


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("2019 - 2023", 60),
        ("03/2019 - present", 93),
        ("Jan 2020 \u2013 Present", 83),
        ("2019 to date", 95),
        ("June 2018 \u2013 Aug 2021", 39),
        ("2015\u20132017", 36),
        ("Sept 2021 - Current", 63),
        ("2019", 12),
    ],
)
def test_date_ranges_in_every_common_form(text: str, months: int) -> None:
    match = find_dates(f"Analyst, Acme | {text}")
    assert match is not None
    span = parse_span(match)
    assert span is not None
    assert span.months(TODAY) == months


RESUME = """Jane Doe
jane@example.com | 555-0101

Summary of Qualifications
Registered nurse with 8 years.

Professional Experience:
- Data Analyst, Acme Corp (2019 - 2023)
- Built dashboards in Power BI; 45 reports shipped in 2021
Staff Nurse | Mercy General Hospital | 03/2019 - present
Halvorsen Motors
Systems Admin/Engineer
Jan 2020 \u2013 Present
- Kept 40 servers patched
### Senior Accountant, Halvorsen & Co \u2014 2019 to date
2. SOC Security Analyst, Nordvik Energy, June 2018 \u2013 Aug 2021
Acme Corp \u2014 Revenue Cycle Lead, 2015\u20132017
Kennebec River Credit Union, Augusta, ME
Credit Analyst II
2012 - 2014

EDUCATION
B.S. Nursing, 2012
"""


def test_entries_as_bullets_lines_headings_and_blocks() -> None:
    resume_map = map_resume(parse_resume(RESUME))
    assert [(e.role, e.employer, e.dates) for e in resume_map.entries] == [
        ("Data Analyst", "Acme Corp", "2019 - 2023"),
        ("Staff Nurse", "Mercy General Hospital", "03/2019 - present"),
        ("Systems Admin/Engineer", "Halvorsen Motors", "Jan 2020 \u2013 Present"),
        ("Senior Accountant", "Halvorsen & Co", "2019 to date"),
        ("SOC Security Analyst", "Nordvik Energy", "June 2018 \u2013 Aug 2021"),
        ("Revenue Cycle Lead", "Acme Corp", "2015\u20132017"),
        ("Credit Analyst II", "Kennebec River Credit Union", "2012 - 2014"),
    ]
    lines = RESUME.splitlines()
    summary = lines.index("Summary of Qualifications")
    assert map_resume(parse_resume(RESUME)).sections[summary] is Section.SUMMARY


def test_a_dated_bullet_is_an_entry_that_never_moves() -> None:
    layout = parse_resume(RESUME)
    index = RESUME.splitlines().index("- Data Analyst, Acme Corp (2019 - 2023)")
    assert layout.lines[index].kind is Kind.TEXT
    # A year inside an achievement does not make it a job.
    achievement = index + 1
    assert layout.lines[achievement].kind is Kind.BULLET
