"""The evaluation set's cases (tests/eval/cases): one folder per resume/posting pair.

Each folder holds resume.md, posting.txt and expect.json (what a good tailoring must do).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tailor_core.domain import JobPosting, TailoringResult
from tailor_core.engine import tailor_resume

CASES_DIR = Path(__file__).resolve().parents[1] / "eval" / "cases"
CASES = sorted(path.name for path in CASES_DIR.iterdir() if path.is_dir())


def load(name: str) -> tuple[str, JobPosting, dict[str, Any]]:
    """The case's resume text, its posting and its expectations."""
    folder = CASES_DIR / name
    expect = json.loads((folder / "expect.json").read_text(encoding="utf-8"))
    posting = JobPosting(
        title=expect["title"],
        company_name=expect["company"],
        description=(folder / "posting.txt").read_text(encoding="utf-8"),
    )
    return (folder / "resume.md").read_text(encoding="utf-8"), posting, expect


def run(name: str) -> tuple[str, TailoringResult, dict[str, Any]]:
    """The case tailored by the deterministic engine, beside its resume and expectations."""
    resume, posting, expect = load(name)
    return resume, tailor_resume(resume, posting), expect
