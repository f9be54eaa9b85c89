"""Whatever text arrives, the engine either refuses it with advice or only reorders it."""

# Real resumes use en dashes and typographic apostrophes; the test data must too.
# ruff: noqa: RUF001

from __future__ import annotations

import json
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tailor_core.domain import JobPosting
from tailor_core.engine import (
    EMPTY_POSTING_MESSAGE,
    EMPTY_RESUME_MESSAGE,
    tailor_resume,
    verify_truthful,
)
from tailor_core.engine.text import (
    TOKEN_RE,
    TermFinder,
    features,
    normalize,
    split_lines,
    tokens,
)
from tailor_core.engine.text import words as line_words
from tailor_core.engine.verify import CONNECTIVE_WORDS, Allowances, find_violations
from tailor_core.errors import PermanentError

PROPERTY_SETTINGS = settings(
    max_examples=200,
    deadline=None,
    database=None,  # no .hypothesis folder in the tree; the examples are cheap to regenerate
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

POSTING = JobPosting(
    title="Senior Python Engineer",
    company_name="Acme",
    description="Python, SQL, C++ and .NET; machine learning, machine learning; ICU nurse, GAAP.",
)

WORDS = [
    "Python", "python", "SQL", "C++", "C#", ".NET", "node.js", "CI/CD", "machine", "learning",
    "ICU", "nurse", "GAAP", "audit", "Excel", "led", "built", "the", "and", "of", "2019",
    "2019–2023", "Acme", "café", "straße", "日本語", "İstanbul", "x", "-", ",", ";", "|", "(",
    ")", ":", "—", "•", "’s", "...", "#", "+",
]  # fmt: skip
SKILL_ITEMS = [
    "Python",
    "Go",
    "C++",
    ".NET",
    "Excel",
    "GAAP",
    "ICU care",
    "Rust",
    "Epic EHR",
    "SQL",
]
HEADINGS = ["Experience", "SKILLS", "## Projects", "Work History:", "Technical Skills", "EDUCATION"]
BULLETS = ["- ", "* ", "• ", "–  ", "  - ", "    ", "\t- ", "●"]
SEPARATORS = [", ", ",", "; ", " | ", "|"]
LINE_ENDINGS = ["\n", "\r\n", "\r"]

words = st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)
short_words = st.lists(st.sampled_from(WORDS), max_size=3).map(" ".join)
skill_lines = st.builds(
    lambda label, separator, items: label + separator.join(items),
    st.sampled_from(["Skills: ", "- Tools: ", "Languages:"]),
    st.sampled_from(SEPARATORS),
    st.lists(st.sampled_from(SKILL_ITEMS), min_size=2, max_size=6),
)
resume_lines = st.one_of(
    st.sampled_from(HEADINGS),
    st.sampled_from(["", " ", "Engineer, Acme — 2019–2023", "iOS dev, Apple 2015", "JANE DOE"]),
    st.builds(lambda marker, text: marker + text, st.sampled_from(BULLETS), words),
    st.builds(
        lambda label, separator, items: label + separator.join(items),
        st.sampled_from(["", "Skills: ", "- Tools: ", "Languages:"]),
        st.sampled_from(SEPARATORS),
        st.lists(short_words, min_size=1, max_size=6),
    ),
    words,
    st.text(max_size=40),
)


@st.composite
def resume_like(draw: st.DrawFn) -> str:
    """Sections of entries and bullet runs, so reordering paths are exercised, plus noise."""
    lines: list[str] = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        lines.append(draw(st.sampled_from(HEADINGS)))
        lines.extend(draw(st.lists(resume_lines, max_size=2)))
        marker = draw(st.sampled_from(BULLETS))
        for _ in range(draw(st.integers(min_value=0, max_value=5))):
            lines.append(marker + draw(words))
            lines.extend(draw(st.lists(st.sampled_from(["  and more", "then 2020"]), max_size=1)))
        lines.extend(draw(st.lists(skill_lines, max_size=1)))
        lines.extend(draw(st.lists(resume_lines, max_size=2)))
    endings = draw(st.lists(st.sampled_from([*LINE_ENDINGS, ""]), min_size=1, max_size=3))
    return "".join(line + endings[index % len(endings)] for index, line in enumerate(lines))


junk = st.one_of(
    st.text(max_size=300),
    st.binary(max_size=300).map(lambda data: data.decode("utf-8", errors="replace")),
    st.binary(max_size=300).map(lambda data: data.decode("latin-1")),
    st.binary(max_size=300).map(lambda data: data.decode("utf-8", errors="surrogateescape")),
    st.builds(
        lambda piece, times: piece * times,
        st.one_of(words, st.text(min_size=1, max_size=12)),
        st.integers(min_value=50, max_value=500),
    ),
)
any_text = st.one_of(resume_like(), junk)
postings = st.one_of(
    st.just(POSTING),
    st.builds(JobPosting, words, words, st.lists(words, max_size=8).map("\n".join)),
    st.builds(JobPosting, st.text(max_size=30), st.text(max_size=30), junk),
)


def check_only_reordered(resume: str, posting: JobPosting) -> None:
    try:
        result = tailor_resume(resume, posting)
    except PermanentError as error:
        refusal: str | None = error.message
    else:
        refusal = None
    if refusal is not None:
        # Only the two refusals with advice; a verifier failure here would be an engine bug.
        assert refusal in (EMPTY_RESUME_MESSAGE, EMPTY_POSTING_MESSAGE)
        if refusal == EMPTY_RESUME_MESSAGE:
            assert not tokens(resume)
        return
    tailored = result.tailored_text
    report = result.report
    mirrored = {word for m in report["mirrored"] for word in tokens(m["to"])}
    assert set(tokens(tailored)) <= set(tokens(resume)) | CONNECTIVE_WORDS | mirrored
    allow = Allowances(
        mirrored=tuple((m["to"], m["from"]) for m in report["mirrored"]),
        added_lines=tuple(report["added_lines"]),
    )
    assert find_violations(resume, tailored, allow) == []
    original_lines = [c for c, _ in split_lines(resume) if c.strip()]
    tailored_lines = [c for c, _ in split_lines(tailored) if c.strip()]
    assert len(tailored_lines) == len(original_lines) + len(report["added_lines"])
    if not report["mirrored"] and not report["added_lines"] and not report["moved_sections"]:
        # Reordering only: the very same characters, in the same amount.
        assert Counter(tailored) == Counter(resume)
    verify_truthful(resume, tailored, allow)
    assert json.loads(json.dumps(report, allow_nan=False)) == report
    assert 0 <= report["score_before"] <= report["score_after"] <= 100
    assert tailor_resume(resume, posting) == result


@PROPERTY_SETTINGS
@given(resume=any_text)
def test_any_resume_text_is_only_reordered(resume: str) -> None:
    check_only_reordered(resume, POSTING)


@PROPERTY_SETTINGS
@given(resume=resume_like(), posting=postings)
def test_resume_like_text_against_any_posting_is_only_reordered(
    resume: str, posting: JobPosting
) -> None:
    check_only_reordered(resume, posting)


@settings(PROPERTY_SETTINGS, max_examples=50)
@given(original=resume_like(), extra=st.sampled_from(["Kubernetes", "zzz", "Rust"]))
def test_verifier_catches_any_invented_word(original: str, extra: str) -> None:
    if extra.casefold() in tokens(original):
        return
    with pytest.raises(PermanentError, match=extra.casefold()):
        verify_truthful(original, original + "\n- " + extra)


@PROPERTY_SETTINGS
@given(text=st.one_of(words, st.text(max_size=60)), other=st.one_of(words, st.text(max_size=30)))
def test_term_finder_sees_what_features_sees(text: str, other: str) -> None:
    # The finder skips bigrams no wanted term starts with; it must never miss a wanted one.
    wanted = set(features(other)) | set(sorted(features(text))[::2]) | {"machine learning"}
    finder = TermFinder(wanted)
    assert finder(text) == features(text) & wanted
    assert finder(text) == features(text) & wanted  # remembered, unchanged


@PROPERTY_SETTINGS
@given(text=st.one_of(words, st.text(max_size=60)))
def test_line_tokens_are_normalized_token_by_token(text: str) -> None:
    # words() folds the whole line at once; that must equal folding each token on its own.
    assert [(raw, folded) for _, _, raw, folded in line_words(text)] == [
        (raw, normalize(raw)) for raw in TOKEN_RE.findall(text)
    ]
