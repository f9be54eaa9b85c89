"""The evaluation set (tests/eval/cases): 23 resume/posting pairs across 12+ professions.

Each case's expect.json names what a good tailoring must do; every case is also held to the
promises that hold for all: nothing invented, every employer and date kept, score_after >=
score_before, byte-for-byte repeatable.
"""

from __future__ import annotations

import json

import pytest

from tailor_core.engine import tailor_resume
from tailor_core.engine.read_resume.layout import heading_key
from tailor_core.engine.text import tokens
from tailor_core.engine.verify import CONNECTIVE_WORDS, Allowances, find_violations
from tests.support.eval_cases import CASES, load, run

EXPERIENCE_HEADINGS = {
    "experience",
    "work experience",
    "professional experience",
    "work history",
    "employment",
    "employment history",
}


def test_the_set_is_big_and_varied() -> None:
    assert len(CASES) >= 20
    # Cases 12 on come from the corpus, one per profession, and name it.
    professions = {name.split("-", 1)[1] for name in CASES if int(name[:2]) >= 12}
    assert len(professions) >= 10


@pytest.mark.parametrize("name", CASES)
def test_nothing_is_invented(name: str) -> None:
    resume, result, _ = run(name)
    report = result.report
    mirrored = {word for m in report["mirrored"] for word in tokens(m["to"])}
    assert set(tokens(result.tailored_text)) <= set(tokens(resume)) | CONNECTIVE_WORDS | mirrored
    allow = Allowances(
        mirrored=tuple((m["to"], m["from"]) for m in report["mirrored"]),
        added_lines=tuple(report["added_lines"]),
    )
    assert find_violations(resume, result.tailored_text, allow) == []
    tailored = f" {' '.join(tokens(result.tailored_text))} "
    for advice in report["missing"]["not_in_resume"]:
        # As whole words in a row: "build" is advice even where the resume says "building".
        assert f" {' '.join(tokens(advice))} " not in tailored, advice


@pytest.mark.parametrize("name", CASES)
def test_every_employer_and_date_is_kept(name: str) -> None:
    _, result, expect = run(name)
    for fact in expect["employers"] + expect["dates"]:
        assert fact in result.tailored_text
    assert result.report["dropped"] == []


@pytest.mark.parametrize("name", CASES)
def test_the_most_relevant_bullet_comes_first(name: str) -> None:
    _, result, expect = run(name)
    header, bullet = expect["first_bullet"]
    lines = result.tailored_text.splitlines()
    assert lines[lines.index(header) + 1] == bullet


@pytest.mark.parametrize("name", CASES)
def test_entries_stay_in_their_section_and_order(name: str) -> None:
    _, result, expect = run(name)
    lines = result.tailored_text.splitlines()
    # Each entry's dates stand on its header; the expectations list them newest first. (An
    # employer's name can also appear in a bullet above its entry: "posts for HubSpot".)
    positions = [
        next(i for i, line in enumerate(lines) if dates in line) for dates in expect["dates"]
    ]
    assert positions == sorted(positions), "chronology of entries kept"
    headings = [i for i, line in enumerate(lines) if heading_key(line) in EXPERIENCE_HEADINGS]
    if headings:
        assert headings[0] < positions[0], "every entry stays under its Experience heading"


@pytest.mark.parametrize("name", CASES)
def test_the_postings_terms_are_mirrored(name: str) -> None:
    _, result, expect = run(name)
    done = {(m["from"], m["to"]) for m in result.report["mirrored"]}
    for old, new in expect["mirrored"]:
        assert (old, new) in done
        assert new in result.tailored_text


@pytest.mark.parametrize("name", CASES)
def test_score_after_is_at_least_score_before(name: str) -> None:
    _, result, expect = run(name)
    report = result.report
    assert 0 <= report["score_before"] <= report["score_after"] <= 100
    # Mirroring raises the score unless the resume already wrote the posting's term elsewhere.
    if expect.get("score_rises", bool(expect["mirrored"])):
        assert report["score_before"] < report["score_after"]


@pytest.mark.parametrize("name", CASES)
def test_missing_terms_are_split_as_expected(name: str) -> None:
    _, result, expect = run(name)
    missing = result.report["missing"]
    assert set(expect["not_in_resume"]) <= set(missing["not_in_resume"])
    assert set(expect.get("elsewhere", [])) <= set(missing["in_resume_elsewhere"])


@pytest.mark.parametrize("name", CASES)
def test_byte_for_byte_repeatable(name: str) -> None:
    resume, posting, _ = load(name)
    first, second = tailor_resume(resume, posting), tailor_resume(resume, posting)
    assert first.tailored_text.encode() == second.tailored_text.encode()
    assert json.dumps(first.report).encode() == json.dumps(second.report).encode()
