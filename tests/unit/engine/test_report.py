"""The JSON report stored with each job (engine.report)."""

from __future__ import annotations

import json

import pytest

from tailor_core.domain import JobPosting, TailoringResult
from tailor_core.engine import ENGINE_NAME, tailor_resume
from tests.support.tailoring import (
    CASES,
    LICENSED_NURSE,
    NURSE_POSTING,
    NURSE_RESUME,
    SOFTWARE_POSTING,
    SOFTWARE_RESUME,
    tailor,
    terms_of,
)


@pytest.mark.parametrize(("resume", "posting"), CASES)
def test_report_format(resume: str, posting: JobPosting) -> None:
    result = tailor_resume(resume, posting)
    assert isinstance(result, TailoringResult)
    report = result.report
    assert json.loads(json.dumps(report)) == report
    assert list(report) == [
        "engine",
        "engine_version",
        "lexicon_version",
        "vocabulary_version",
        "score_weights_version",
        "score_before",
        "score_after",
        "breakdown",
        "skills",
        "matched",
        "missing",
        "mirrored",
        "summary",
        "added_lines",
        "moved_sections",
        "moved_lines",
        "dropped",
        "top_lines",
        "posting",
        "resume",
        "posting_terms",
    ]
    assert report["engine"] == ENGINE_NAME == "skills-v3"
    assert 0 <= report["score_before"] <= report["score_after"] <= 100
    # Continuous inside, shown with one decimal.
    for score in (report["score_before"], report["score_after"]):
        assert isinstance(score, float)
        assert score == round(score, 1)
    assert set(report["breakdown"]) <= {"skills", "title", "years", "education", "terms"}
    for part in report["breakdown"].values():
        assert set(part) == {"weight", "before", "after", "found"}
        assert 0 <= part["before"] <= part["after"] <= 100
    assert set(report["missing"]) == {"in_resume_elsewhere", "not_in_resume", "qualifications"}
    key = lambda label: (label.casefold(), label)  # noqa: E731
    assert report["matched"] == sorted(report["matched"], key=key)
    missing = report["missing"]["in_resume_elsewhere"] + report["missing"]["not_in_resume"]
    skills = {row["skill"]: row for row in report["skills"]}
    # "missing" holds only skills, each listed once, heaviest first.
    assert set(missing) <= set(skills)
    assert all(not skills[name]["found"] for name in report["missing"]["not_in_resume"])
    not_in = [skills[name]["weight"] for name in report["missing"]["not_in_resume"]]
    assert not_in == sorted(not_in, reverse=True)
    for row in report["skills"]:
        assert row["found"] == (row["line"] is not None) == (row["as"] is not None)
        if row["line"] is not None:
            assert row["as"] in resume.splitlines()[row["line"] - 1]
    weights = [(-entry["weight"], entry["term"].casefold()) for entry in report["posting_terms"]]
    assert weights == sorted(weights)
    assert 1 <= len(report["top_lines"]) <= 5
    scores = [entry["score"] for entry in report["top_lines"]]
    assert scores == sorted(scores, reverse=True)
    for entry in report["top_lines"]:
        assert entry["text"] in result.tailored_text
    assert report["moved_lines"] > 0


def test_report_scores_and_terms_for_the_software_posting() -> None:
    report = tailor_resume(SOFTWARE_RESUME, SOFTWARE_POSTING).report
    assert report["posting_terms"][0] == {"term": "Python", "weight": 2.25}
    assert {"Python", "Kubernetes", "CI/CD", "machine learning", "Terraform"} <= set(
        report["matched"]
    )
    # "infrastructure" is a word of the posting, not a skill: scored, never "missing".
    assert "infrastructure" in terms_of(report)
    assert "infrastructure" not in report["missing"]["not_in_resume"]
    # The company name and posting filler are not things to put on a resume.
    assert not {"gamma", "experience", "team", "strong", "join"} & set(terms_of(report))
    assert report["score_before"] <= report["score_after"]
    assert report["top_lines"][0] == {
        "text": "- Built data pipelines in Python on Kubernetes, cutting costs 30%",
        "score": 4.25,
        "terms": ["data pipelines", "kubernetes", "python"],
    }


def test_missing_terms_are_reported_but_never_added() -> None:
    result = tailor_resume(NURSE_RESUME, NURSE_POSTING)
    assert {"ACLS", "BLS"} <= set(result.report["missing"]["not_in_resume"])
    assert "acls" not in result.tailored_text.casefold()


def test_the_report_says_where_each_skill_was_found() -> None:
    _, report = tailor(
        LICENSED_NURSE,
        "ICU Nurse",
        "Requirements: Epic, telemetry, ACLS. Bachelor's degree. 5+ years of experience.",
    )
    rows = {row["skill"]: row for row in report["skills"]}
    assert rows["Epic"]["found"]
    assert rows["Epic"]["line"] == 7
    assert rows["Epic"]["as"] == "Epic"
    assert not rows["ACLS"]["found"]
    assert rows["ACLS"]["line"] is None
    missing = report["missing"]
    assert missing["not_in_resume"] == ["ACLS"]
    assert "bachelor's degree" in missing["qualifications"]
