"""The tailoring engine end to end: pure, deterministic, and never claims anything new."""

# Real resumes use en dashes and typographic apostrophes; the test data must too.
# ruff: noqa: RUF001

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tailor_core.domain import JobPosting, TailoringResult
from tailor_core.engine import (
    EMPTY_POSTING_MESSAGE,
    EMPTY_RESUME_MESSAGE,
    ENGINE_NAME,
    tailor_resume,
)
from tailor_core.engine.text import tokens
from tailor_core.engine.verify import CONNECTIVE_WORDS, Allowances, find_violations
from tailor_core.errors import PermanentError

SOFTWARE_RESUME = """Jane Doe
jane@example.com | (555) 123-4567 | Boston, MA

SUMMARY
Backend engineer who ships reliable services.

## Experience
Senior Engineer, Acme Corp — 2019–2023
- Organized the office holiday party for 40 people
- Mentored four interns
- Built data pipelines in Python on Kubernetes, cutting costs 30%
  and reducing on-call pages
- Designed CI/CD with Docker and Terraform

Software Engineer, Beta LLC — 2016–2019
* Maintained legacy Java services
* Wrote Python ETL jobs for machine learning features

Skills
Java, Excel, Python, Kubernetes, Go, C++, .NET

Education
B.S. Computer Science, State University, 2016
"""

SOFTWARE_POSTING = JobPosting(
    title="Senior Python Engineer",
    company_name="Gamma Inc",
    description=(
        "Gamma is looking for a Python engineer with Kubernetes, Docker and CI/CD experience. "
        "You will build data pipelines and machine learning infrastructure. Machine learning "
        "experience is a plus. Strong Python and Terraform skills. Join our team!"
    ),
)

NURSE_RESUME = """MARIA LOPEZ, RN
maria.lopez@example.com • (555) 987-6543 • Springfield, IL

PROFESSIONAL SUMMARY
Registered nurse with 8 years of acute care experience.

CLINICAL EXPERIENCE
Staff Nurse, Springfield General Hospital | 2018 – Present
• Coordinated discharge planning with social workers
• Administered medications and IV therapy on a 30-bed medical-surgical unit
• Monitored ICU patients on ventilators and titrated vasoactive drips
• Precepted 12 new graduate nurses

Nurse Aide, Lakeside Nursing Home | 2014 – 2018
• Assisted residents with activities of daily living
• Recorded vital signs and reported changes in condition

EDUCATION
Bachelor of Science in Nursing, Illinois State University, 2018

SKILLS
Phlebotomy, Patient education, Spanish, Epic EHR, Telemetry
"""

NURSE_POSTING = JobPosting(
    title="ICU Registered Nurse",
    company_name="Mercy Health",
    description=(
        "Mercy Health is seeking an ICU nurse for our critical care unit. You will care for "
        "ventilated patients, titrate vasoactive drips and handle telemetry monitoring. "
        "Requirements: BLS and ACLS certification, Epic charting, 2+ years of critical care "
        "experience."
    ),
)

ACCOUNTANT_RESUME = """David Chen, CPA\r
david.chen@example.com | 555-222-3333\r
\r
Summary:\r
Certified public accountant focused on month-end close and audit readiness.\r
\r
Work History\r
Senior Accountant — Northwind Traders (2020–2024)\r
- Organized team volunteering days\r
- Prepared monthly journal entries and account reconciliations\r
- Led the annual external audit, delivering all PBC items on time\r
- Built variance analysis dashboards in Excel and Power BI\r
\r
Staff Accountant — Contoso Ltd (2017–2020)\r
- Processed accounts payable for 300 vendors\r
- Reconciled bank statements and intercompany balances\r
\r
Core Competencies\r
Payroll; Accounts Payable; GAAP; Audit; Excel; NetSuite\r
\r
Education\r
B.B.A. Accounting, University of Washington"""

ACCOUNTANT_POSTING = JobPosting(
    title="Senior Accountant",
    company_name="Fabrikam",
    description=(
        "Fabrikam is hiring a senior accountant to own month-end close, account "
        "reconciliations, variance analysis and audit support. Requirements: CPA, strong GAAP "
        "knowledge, NetSuite and advanced Excel. External audit experience preferred."
    ),
)

SKILL_LINES = frozenset(
    {
        "Java, Excel, Python, Kubernetes, Go, C++, .NET",
        "Phlebotomy, Patient education, Spanish, Epic EHR, Telemetry",
        "Payroll; Accounts Payable; GAAP; Audit; Excel; NetSuite",
    }
)
REPO_ROOT = Path(__file__).resolve().parents[3]

CASES = [
    pytest.param(SOFTWARE_RESUME, SOFTWARE_POSTING, id="software"),
    pytest.param(NURSE_RESUME, NURSE_POSTING, id="nurse"),
    pytest.param(ACCOUNTANT_RESUME, ACCOUNTANT_POSTING, id="accountant"),
]


def lines_of(text: str) -> list[str]:
    return text.splitlines()


def block_after(text: str, header: str) -> list[str]:
    """The bullet lines directly under `header`, in output order."""
    lines = lines_of(text)
    start = lines.index(header) + 1
    block: list[str] = []
    for line in lines[start:]:
        if not line.strip():
            break
        block.append(line)
    return block


@pytest.mark.parametrize(("resume", "posting"), CASES)
def test_same_input_gives_byte_identical_output(resume: str, posting: JobPosting) -> None:
    first = tailor_resume(resume, posting)
    second = tailor_resume(resume, posting)
    assert first.tailored_text.encode() == second.tailored_text.encode()
    assert json.dumps(first.report).encode() == json.dumps(second.report).encode()


def test_output_does_not_depend_on_hash_randomization() -> None:
    # Set iteration order changes with PYTHONHASHSEED; any unsorted set in the output shows here.
    posting = SOFTWARE_POSTING
    script = (
        "import json, sys\n"
        "from tailor_core.domain import JobPosting\n"
        "from tailor_core.engine import tailor_resume\n"
        f"posting = JobPosting({posting.title!r}, {posting.company_name!r}, "
        f"{posting.description!r})\n"
        f"result = tailor_resume({SOFTWARE_RESUME!r}, posting)\n"
        "sys.stdout.write(result.tailored_text + json.dumps(result.report))\n"
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=REPO_ROOT,
            capture_output=True,
            check=True,
            timeout=60,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1


def allowances_of(result: TailoringResult) -> Allowances:
    """What the report says the engine added or mirrored: the only departures allowed."""
    report = result.report
    return Allowances(
        mirrored=tuple((m["to"], m["from"]) for m in report["mirrored"]),
        added_lines=tuple(report["added_lines"]),
        dropped_lines=tuple(report["dropped"]),
    )


def without_added(result: TailoringResult) -> str:
    """The tailored text without the generated summary lines (and their blank line)."""
    added = set(result.report["added_lines"])
    kept = [line for line in result.tailored_text.split("\n") if line.strip() not in added]
    while kept and not kept[0].strip():
        kept.pop(0)
    return "\n".join(kept)


@pytest.mark.parametrize(("resume", "posting"), CASES)
def test_no_word_is_invented(resume: str, posting: JobPosting) -> None:
    result = tailor_resume(resume, posting)
    mirrored = {word for m in result.report["mirrored"] for word in tokens(m["to"])}
    assert set(tokens(result.tailored_text)) <= set(tokens(resume)) | CONNECTIVE_WORDS | mirrored
    assert find_violations(resume, result.tailored_text, allowances_of(result)) == []


@pytest.mark.parametrize(("resume", "posting"), CASES)
def test_every_original_line_is_still_there(resume: str, posting: JobPosting) -> None:
    result = tailor_resume(resume, posting)
    original = [line for line in lines_of(resume) if line.strip()]
    tailored = [line for line in lines_of(result.tailored_text) if line.strip()]
    assert len(tailored) == len(original) + len(result.report["added_lines"])
    # Each original line has its counterpart (same words, mirrored skills read as one).
    assert find_violations(resume, result.tailored_text, allowances_of(result)) == []
    assert result.report["dropped"] == []


@pytest.mark.parametrize(("resume", "posting"), CASES)
def test_line_ending_style_is_kept(resume: str, posting: JobPosting) -> None:
    result = tailor_resume(resume, posting)
    endings = {line[len(line.rstrip("\r\n")) :] for line in resume.splitlines(keepends=True)}
    tailored = result.tailored_text.splitlines(keepends=True)
    assert {line[len(line.rstrip("\r\n")) :] for line in tailored} <= endings
    assert result.tailored_text.endswith(("\n", "\r")) == resume.endswith(("\n", "\r"))


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


@pytest.mark.parametrize("resume", ["", "   ", "\n\n\t \r\n", "— • —\n---"])
def test_empty_resume_is_refused_with_advice(resume: str) -> None:
    with pytest.raises(PermanentError) as raised:
        tailor_resume(resume, SOFTWARE_POSTING)
    assert raised.value.message == EMPTY_RESUME_MESSAGE
    assert EMPTY_RESUME_MESSAGE == "the resume has no text: upload a text-based resume"


@pytest.mark.parametrize(
    "description",
    ["", "  \n ", "We are looking for a strong team player with years of experience!", "2024"],
)
def test_empty_posting_is_refused_with_advice(description: str) -> None:
    posting = JobPosting(title="Python Engineer", company_name="Acme", description=description)
    with pytest.raises(PermanentError) as raised:
        tailor_resume(SOFTWARE_RESUME, posting)
    assert raised.value.message == EMPTY_POSTING_MESSAGE
    assert EMPTY_POSTING_MESSAGE == "the job description is empty: paste the posting text"


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


def terms_of(report: dict[str, object]) -> list[str]:
    entries = report["posting_terms"]
    assert isinstance(entries, list)
    return [entry["term"] for entry in entries]


def test_missing_terms_are_reported_but_never_added() -> None:
    result = tailor_resume(NURSE_RESUME, NURSE_POSTING)
    assert {"ACLS", "BLS"} <= set(result.report["missing"]["not_in_resume"])
    assert "acls" not in result.tailored_text.casefold()


def test_an_unrelated_posting_changes_nothing() -> None:
    posting = JobPosting("Pastry Chef", "Bakery", "Laminated dough, croissants, sourdough.")
    result = tailor_resume(SOFTWARE_RESUME, posting)
    assert result.tailored_text == SOFTWARE_RESUME
    assert result.report["score_before"] == result.report["score_after"]
    assert result.report["moved_lines"] == 0
    assert result.report["top_lines"] == []
