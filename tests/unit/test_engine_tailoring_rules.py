"""What tailoring may and may not change (engine.plan, engine.verify, engine.report)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tailor_core.domain import JobPosting
from tailor_core.engine import tailor_resume

TODAY = date(2026, 11, 1)


def tailor(resume: str, title: str, description: str) -> tuple[str, dict[str, Any]]:
    result = tailor_resume(resume, JobPosting(title, "Acme Health", description), TODAY)
    return result.tailored_text, result.report


NURSE = """Maria Lopez, Registered Nurse
maria@example.com

Experience
Registered Nurse, Amazon Web Services Clinic | 2018 - Present
- Monitored patients in the intensive care unit
- Charted in Epic

Licenses
Registered Nurse, Illinois

Skills
Epic, intensive care unit, telemetry
"""


def test_titles_employers_and_licences_keep_their_words() -> None:
    text, report = tailor(
        NURSE,
        "ICU RN",
        "Requirements: RN licence, ICU experience, AWS, Epic. 2+ years of experience.",
    )
    lines = text.splitlines()
    # The posting says "RN" and "AWS": no title, employer or licence line is rewritten.
    assert "Registered Nurse, Amazon Web Services Clinic | 2018 - Present" in lines
    assert "Registered Nurse, Illinois" in lines
    assert "Maria Lopez, Registered Nurse" in lines
    # In bullets and skills lists the posting's term goes first, the person's words stay.
    assert "- Monitored patients in the ICU (intensive care unit)" in lines
    assert {"from": "intensive care unit", "to": "ICU"} in report["mirrored"]
    assert report["score_after"] >= report["score_before"]


@pytest.mark.parametrize(
    "skills_line",
    [
        "Java/J2EE, Spring, Oracle",
        "C/C++, embedded Linux",
        "JavaScript/C#, .NET",
        "PL/SQL, Oracle Database",
        "Agile/Scrum, Jira",
        "Digital/UX, Figma",
    ],
)
def test_slash_compounds_pass_the_verifier_and_are_never_rewritten(skills_line: str) -> None:
    resume = (
        f"Sam Lee\n\nSkills\n{skills_line}\n\n"
        f"Experience\nEngineer, Beta | 2019 - 2023\n- {skills_line}\n"
    )
    posting = (
        "Requirements: Java, J2EE, C, C++, JavaScript, JS, C#, SQL, PL/SQL, Agile, Scrum, "
        "user experience, UX, Jira, Figma, .NET."
    )
    text, report = tailor(resume, "Software Engineer", posting)
    compound = skills_line.split(",")[0]
    body = [line for line in text.splitlines() if line not in report["added_lines"]]
    assert sum(line.count(compound) for line in body) == 2  # both kept exactly as written


def test_the_summary_reads_like_a_person_wrote_it() -> None:
    resume = """Kim Berg
kim@example.com

Experience
2. SOC Security Analyst, Nordvik Energy, June 2021 \u2013 Present
- Triaged alerts in Splunk and CrowdStrike
Data Scientist \u00b7 Nordvik Energy \u00b7 Stockholm | 2018 - 2021
- Built churn models
"""
    _, report = tailor(
        resume, "Security Analyst", "Requirements: Splunk, CrowdStrike, SIEM, incident response."
    )
    summary = report["summary"]
    assert isinstance(summary, str)
    assert summary.startswith("SOC Security Analyst skilled in ")  # latest role, no list number
    assert "Splunk" in summary
    assert len(summary) <= 120
    # The summary is never evidence: the posting's title words in it do not raise the score.
    assert report["breakdown"]["title"]["after"] == report["breakdown"]["title"]["before"]


def test_the_report_says_where_each_skill_was_found() -> None:
    _, report = tailor(
        NURSE,
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


def test_years_of_relevant_experience_count_toward_the_score() -> None:
    posting = "Requirements: Python, SQL. 5+ years of experience with Python."
    long = "Ana\n\nExperience\nData Engineer, Beta | 2015 - 2023\n- Python and SQL pipelines\n"
    short = "Ana\n\nExperience\nData Engineer, Beta | 2022 - 2023\n- Python and SQL pipelines\n"
    _, report_long = tailor(long, "Data Engineer", posting)
    _, report_short = tailor(short, "Data Engineer", posting)
    assert report_long["score_before"] > report_short["score_before"]
    assert report_long["resume"]["relevant_years"] == 9.0
