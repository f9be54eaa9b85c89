"""The engine's parts one by one: tokens, posting terms, layout, skill lists, the verifier."""

# Real resumes use en dashes and typographic apostrophes; the test data must too.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from tailor_core.domain import JobPosting
from tailor_core.engine import analyze_posting, verify_truthful
from tailor_core.engine.match import relevance, terms_in
from tailor_core.engine.plan.items import reorder_items
from tailor_core.engine.read_posting.terms import MAX_TERMS
from tailor_core.engine.read_resume.layout import Kind, parse_resume
from tailor_core.engine.text import features, split_lines, tokens
from tailor_core.errors import PermanentError


def terms(title: str, description: str, company: str = "Acme") -> dict[str, float]:
    return {t.term: t.weight for t in analyze_posting(JobPosting(title, company, description))}


# --- tokens ------------------------------------------------------------------------------------


def test_tech_tokens_stay_whole() -> None:
    text = "C++, C#, .NET, Node.js, CI/CD, R&D, full-stack and ASP.NET."
    assert tokens(text) == [
        "c++", "c#", ".net", "node.js", "ci/cd", "r&d", "full-stack", "and", "asp.net",
    ]  # fmt: skip


def test_tokens_are_case_folded_and_apostrophes_unified() -> None:
    assert tokens("Bachelor’s DEGREE") == tokens("bachelor's degree") == ["bachelor's", "degree"]


def test_split_lines_round_trips_every_line_ending() -> None:
    text = "a\r\nb\rc\n\nd"
    pairs = split_lines(text)
    assert pairs == [("a", "\r\n"), ("b", "\r"), ("c", "\n"), ("", "\n"), ("d", "")]
    assert "".join(content + ending for content, ending in pairs) == text


def test_features_match_whole_words_phrases_and_plurals() -> None:
    found = features("Built data pipelines in Python/Django, machine learning")
    assert {"python", "django", "python/django", "data pipelines", "data pipeline"} <= found
    assert "pipeline" in found
    assert "machine learning" in found
    assert "django machine" not in found  # a comma ends the phrase
    assert "java" not in features("JavaScript")


# --- posting analysis --------------------------------------------------------------------------


def test_stopwords_and_posting_filler_are_dropped() -> None:
    found = terms(
        "", "We are looking for a strong candidate to join our team with experience in SQL"
    )
    assert found == {"sql": 1}


def test_repeated_phrases_become_terms_and_title_words_weigh_more() -> None:
    found = terms(
        "Data Scientist",
        "Machine learning for fraud. You will ship machine learning models with Python.",
    )
    assert found["machine learning"] == 2
    assert found["data"] == found["scientist"] == 1 + 3
    assert "learning models" not in found  # seen once: two words that happened to meet
    assert "data scientist" not in found


def test_terms_are_sorted_by_weight_then_term_and_capped() -> None:
    description = " ".join(f"skill{n:03d}x" for n in range(100)) + " python python sql"
    found = analyze_posting(JobPosting("", "Acme", description))
    assert len(found) == MAX_TERMS
    assert found[0].term == "python"
    keys = [(-term.weight, term.term) for term in found]
    assert keys == sorted(keys)


def test_numbers_and_single_letters_are_not_terms_except_languages() -> None:
    found = terms("", "5+ years, 2024, 40; C and R; a b x")
    assert found == {"c": 1, "r": 1}


def test_company_name_is_not_a_term_unless_used_as_a_word() -> None:
    found = terms("", "Acme builds data pipelines. At Acme you own data quality.", "Acme Data")
    assert "acme" not in found
    assert found["data"] == 2


def test_slash_lists_split_but_known_compounds_stay() -> None:
    found = terms("", "Python/Django and CI/CD")
    assert set(found) == {"python", "django", "ci/cd"}


def test_posting_without_usable_words_is_refused() -> None:
    with pytest.raises(PermanentError, match="the job description is empty"):
        analyze_posting(JobPosting("Engineer", "Acme", "Join our team! Strong experience."))


# --- scoring -----------------------------------------------------------------------------------


def test_relevance_counts_each_term_found_once() -> None:
    weights = {"python": 3.0, "sql": 1.0}
    assert terms_in("Python developer", weights) == {"python"}
    assert relevance(["python", "python"], weights) == 3.0
    assert relevance([], weights) == 0
    assert relevance(["python", "sql"], weights) == 4.0


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


# --- skill lists -------------------------------------------------------------------------------

WEIGHTS = {"python": 3, "sql": 2, "docker": 1}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Java, Python, Excel, SQL", "Python, SQL, Java, Excel"),
        ("- Tools:  Excel |Docker|  SQL.", "- Tools:  Docker |SQL|  Excel."),
        ("Go;Python; Rust", "Python;Go; Rust"),
        ("• Languages: Go, Python (Django, Flask)", "• Languages: Python (Django, Flask), Go"),
    ],
)
def test_matched_items_come_first_keeping_text_and_separators(line: str, expected: str) -> None:
    assert reorder_items(line, WEIGHTS) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Python, SQL, Java",  # already in order
        "Java, Go",  # nothing matched
        "Java (Spring, Python), Go",  # the match is inside brackets, at depth 1
        "Java, Go | Python, SQL",  # two kinds of separator: groups would be mixed
        "Java, Go, and Python",  # "and Python" cannot lead
        "Java (Python, Go",  # unbalanced bracket
        "Typed 10,000 forms in Python",  # a number, not a list
        "Used Java daily for many years at work, then moved to Python",  # sentences, not items
        "Python",
    ],
)
def test_lines_that_are_not_clean_lists_are_left_alone(line: str) -> None:
    assert reorder_items(line, WEIGHTS) == line


# --- verifier ----------------------------------------------------------------------------------


def test_verifier_accepts_reordering_and_case_changes() -> None:
    verify_truthful("Skills\nJava, Python\n- a b\n- c d\n", "Skills\npython, Java\n- c d\n- a b\n")


def test_verifier_rejects_an_invented_word() -> None:
    with pytest.raises(PermanentError, match="words that are not in the resume: kubernetes"):
        verify_truthful("- Built services in Python\n", "- Built services in Python, Kubernetes\n")


def test_verifier_rejects_a_dropped_line() -> None:
    original = "Engineer, Acme\n- Built services\n- Led migration\n"
    with pytest.raises(PermanentError, match="left out this line of the resume: '- Led migration'"):
        verify_truthful(original, "Engineer, Acme\n- Built services\n")


def test_verifier_rejects_a_line_merged_into_another() -> None:
    with pytest.raises(PermanentError, match="left out"):
        verify_truthful("- a b\n- c d\n", "- a b c d\n")


def test_verifier_rejects_a_dropped_line_without_words() -> None:
    with pytest.raises(PermanentError, match="left out"):
        verify_truthful("Title\n-----\n", "Title\n")
