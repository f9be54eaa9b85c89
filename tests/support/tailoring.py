"""Resumes and postings the engine's unit tests share, and readers of a tailored text."""

# Real resumes use en dashes and typographic apostrophes; the test data must too.
# ruff: noqa: RUF001

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tailor_core.domain import JobPosting, TailoringResult
from tailor_core.engine import tailor_resume
from tailor_core.engine.verify import Allowances

REPO_ROOT = Path(__file__).resolve().parents[2]
# The day the dated tests read "Present" as.
TODAY = date(2026, 11, 1)

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

CASES = [
    pytest.param(SOFTWARE_RESUME, SOFTWARE_POSTING, id="software"),
    pytest.param(NURSE_RESUME, NURSE_POSTING, id="nurse"),
    pytest.param(ACCOUNTANT_RESUME, ACCOUNTANT_POSTING, id="accountant"),
]

# A nurse whose titles, employer and licence name skills the posting abbreviates (RN, AWS).
LICENSED_NURSE = """Maria Lopez, Registered Nurse
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

# A resume that names its skills by aliases (Postgres, k8s, JS), and a posting that does not.
ALIASES_RESUME = """# Zoë Ærøskøbing
zoe@example.com

Work History
Senior Engineer, Acme Corp — 2019-2023
- Tuned Postgres queries
- Ran k8s clusters

PROFESSIONAL EXPERIENCE
Intern, Beta (2018-2019)
* Wrote JS tooling

Interests
Terraform side projects
"""

ALIASES_POSTING = JobPosting(
    "Platform Engineer",
    "Gamma",
    "We use PostgreSQL and Kubernetes every day. Requirements: PostgreSQL, Kubernetes, "
    "JavaScript. Terraform is a plus. 5+ years of experience. Bachelor's degree required.",
)


def tailor(resume: str, title: str, description: str) -> tuple[str, dict[str, Any]]:
    """The tailored text and report for a posting from "Acme Health", read on TODAY."""
    result = tailor_resume(resume, JobPosting(title, "Acme Health", description), TODAY)
    return result.tailored_text, result.report


def lines_of(text: str) -> list[str]:
    """The text's lines, without their endings."""
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


def terms_of(report: dict[str, object]) -> list[str]:
    """The terms of the report's posting_terms, heaviest first."""
    entries = report["posting_terms"]
    assert isinstance(entries, list)
    return [entry["term"] for entry in entries]
