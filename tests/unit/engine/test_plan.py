"""What the plan changes (engine.plan: plan, reorder, items, mirror, summary) and never touches."""

# Real resumes use en dashes and typographic apostrophes; the test data must too.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from tailor_core.domain import JobPosting
from tailor_core.engine import tailor_resume
from tailor_core.engine.plan.items import reorder_items
from tests.support.tailoring import (
    ACCOUNTANT_POSTING,
    ACCOUNTANT_RESUME,
    ALIASES_POSTING,
    ALIASES_RESUME,
    CASES,
    LICENSED_NURSE,
    NURSE_POSTING,
    NURSE_RESUME,
    SOFTWARE_POSTING,
    SOFTWARE_RESUME,
    block_after,
    lines_of,
    tailor,
    without_added,
)


def test_relevant_bullets_move_to_the_top_of_their_block() -> None:
    text = tailor_resume(SOFTWARE_RESUME, SOFTWARE_POSTING).tailored_text
    assert block_after(text, "Senior Engineer, Acme Corp — 2019–2023") == [
        "- Built data pipelines in Python on Kubernetes, cutting costs 30%",
        "  and reducing on-call pages",
        "- Designed CI/CD with Docker and Terraform",
        "- Organized the office holiday party for 40 people",
        "- Mentored four interns",
    ]
    assert block_after(text, "Software Engineer, Beta LLC — 2016–2019") == [
        "* Wrote Python ETL jobs for machine learning features",
        "* Maintained legacy Java services",
    ]


def test_relevant_bullets_move_up_in_a_nurse_resume() -> None:
    text = tailor_resume(NURSE_RESUME, NURSE_POSTING).tailored_text
    block = block_after(text, "Staff Nurse, Springfield General Hospital | 2018 – Present")
    assert block[0] == "• Monitored ICU patients on ventilators and titrated vasoactive drips"
    assert sorted(block) == sorted(
        block_after(NURSE_RESUME, "Staff Nurse, Springfield General Hospital | 2018 – Present")
    )


def test_relevant_bullets_move_up_in_an_accountant_resume() -> None:
    text = tailor_resume(ACCOUNTANT_RESUME, ACCOUNTANT_POSTING).tailored_text
    block = block_after(text, "Senior Accountant — Northwind Traders (2020–2024)")
    # Variance analysis and Excel (two required skills) outweigh the audit bullet.
    assert block[0] == "- Built variance analysis dashboards in Excel and Power BI"
    assert block[1] == "- Led the annual external audit, delivering all PBC items on time"
    assert block[-1] == "- Organized team volunteering days"


def test_skill_items_are_reordered_with_matched_first() -> None:
    software = tailor_resume(SOFTWARE_RESUME, SOFTWARE_POSTING).tailored_text
    assert "Python, Kubernetes, Java, Excel, Go, C++, .NET" in lines_of(software)
    nurse = tailor_resume(NURSE_RESUME, NURSE_POSTING).tailored_text
    # The posting says "Epic": the resume's "Epic EHR" already says it and stays as written.
    assert "Epic EHR, Telemetry, Patient education, Phlebotomy, Spanish" in lines_of(nurse)
    accountant = tailor_resume(ACCOUNTANT_RESUME, ACCOUNTANT_POSTING).tailored_text
    assert "Audit; GAAP; Excel; NetSuite; Payroll; Accounts Payable" in lines_of(accountant)


@pytest.mark.parametrize(("resume", "posting"), CASES)
def test_chronology_and_entry_headers_never_change(resume: str, posting: JobPosting) -> None:
    result = tailor_resume(resume, posting)
    tailored = lines_of(result.tailored_text)
    headers = [
        line
        for line in lines_of(resume)
        if any(entry["dates"] in line for entry in result.report["resume"]["entries"])
    ]
    assert len(headers) >= 2
    positions = [tailored.index(line) for line in headers]
    assert positions == sorted(positions)


def test_bullets_stay_under_their_own_entry() -> None:
    text = tailor_resume(SOFTWARE_RESUME, SOFTWARE_POSTING).tailored_text
    acme = "Senior Engineer, Acme Corp — 2019–2023"
    beta = "Software Engineer, Beta LLC — 2016–2019"
    assert sorted(block_after(text, acme)) == sorted(block_after(SOFTWARE_RESUME, acme))
    assert sorted(block_after(text, beta)) == sorted(block_after(SOFTWARE_RESUME, beta))
    assert lines_of(text).index(acme) < lines_of(text).index(beta)


def test_nested_entries_keep_their_order() -> None:
    resume = (
        "Experience\n"
        "- Office manager, Delta (2019-2023)\n"
        "  - Planned events\n"
        "  - Ran payroll in Excel\n"
        "- Analyst, Gamma (2015-2019)\n"
        "  - Built Python and SQL reports\n"
    )
    posting = JobPosting("Python Analyst", "Acme", "Python and SQL reporting; Excel")
    assert lines_of(without_added(tailor_resume(resume, posting))) == [
        "Experience",
        "- Office manager, Delta (2019-2023)",
        "  - Ran payroll in Excel",
        "  - Planned events",
        "- Analyst, Gamma (2015-2019)",
        "  - Built Python and SQL reports",
    ]


# --- skill lists (plan.items) ------------------------------------------------------------------

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


# --- mirroring and the summary (plan.mirror, plan.summary) -------------------------------------


def test_mirroring_summary_and_elsewhere() -> None:
    result = tailor_resume(ALIASES_RESUME, ALIASES_POSTING)
    text, report = result.tailored_text, result.report
    # The posting's name goes first, the person's own word stays beside it.
    assert "- Tuned PostgreSQL (Postgres) queries" in text
    assert "- Ran Kubernetes (k8s) clusters" in text
    assert "* Wrote JavaScript (JS) tooling" in text
    assert {(m["from"], m["to"]) for m in report["mirrored"]} == {
        ("Postgres", "PostgreSQL"),
        ("k8s", "Kubernetes"),
        ("JS", "JavaScript"),
    }
    assert report["summary"] == (
        "Senior Engineer skilled in Kubernetes, PostgreSQL, JavaScript and Terraform."
    )
    assert report["added_lines"] == ["Summary", report["summary"]]
    assert report["score_before"] < report["score_after"]
    assert report["breakdown"]["education"]["after"] == 0


def test_titles_employers_and_licences_keep_their_words() -> None:
    text, report = tailor(
        LICENSED_NURSE,
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


def test_a_bullet_heading_an_entry_with_one_year_keeps_its_words_and_place() -> None:
    resume = (
        "Jane Doe\n\nEXPERIENCE\n- JS Developer, amazon web services, 2021\n"
        "- Grew renewals 20%\n- Built JS apps\n"
    )
    text, _ = tailor(resume, "Developer", "Requirements: JavaScript, AWS.")
    lines = text.splitlines()
    header = lines.index("- JS Developer, amazon web services, 2021")
    assert lines[header - 1] == "EXPERIENCE"
    assert "- Built JavaScript (JS) apps" in lines


def test_degree_lines_keep_their_words_wherever_they_stand() -> None:
    resume = (
        "Jane Doe\n\nHIGHLIGHTS\n- B.S. in Computer Science, JS concentration, MIT 2015\n"
        "- MBA with Postgres capstone\n\nEXPERIENCE\nJS Developer, Acme Corp | 2019 - Present\n"
        "- Built dashboards on Postgres\n"
    )
    text, _ = tailor(resume, "Frontend Engineer", "Requirements: JavaScript, PostgreSQL.")
    assert "- B.S. in Computer Science, JS concentration, MIT 2015" in text
    assert "- MBA with Postgres capstone" in text
    assert "- Built dashboards on PostgreSQL (Postgres)" in text  # "dashboards" is no "board"


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


@pytest.mark.parametrize(
    "experience",
    [
        "Microsoft | Redmond, WA | 2019 - Present\nSoftware Engineer\n- Built Python services\n",
        "JS Developer\nAcme Corp\nAustin, TX\n2019 - Present\n- Built Python services\n",
        "2020 - Present: Responsible for building Python services at Stripe as an engineer\n",
    ],
)
def test_the_summary_never_takes_an_employer_a_city_or_prose_for_a_role(experience: str) -> None:
    _, report = tailor(f"Sam Lee\n\nEXPERIENCE\n{experience}", "Backend", "Requirements: Python.")
    summary = report["summary"]
    assert summary is None or summary.startswith(("Skilled in", "Software Engineer"))
