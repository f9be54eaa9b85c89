"""The engine end to end (engine.api): pure, deterministic, and never claims anything new."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tailor_core.domain import JobPosting
from tailor_core.engine import EMPTY_POSTING_MESSAGE, EMPTY_RESUME_MESSAGE, tailor_resume
from tailor_core.engine.text import tokens
from tailor_core.engine.verify import CONNECTIVE_WORDS, find_violations
from tailor_core.errors import PermanentError
from tests.support.tailoring import (
    CASES,
    REPO_ROOT,
    SOFTWARE_POSTING,
    SOFTWARE_RESUME,
    allowances_of,
    lines_of,
)


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


def test_an_unrelated_posting_changes_nothing() -> None:
    posting = JobPosting("Pastry Chef", "Bakery", "Laminated dough, croissants, sourdough.")
    result = tailor_resume(SOFTWARE_RESUME, posting)
    assert result.tailored_text == SOFTWARE_RESUME
    assert result.report["score_before"] == result.report["score_after"]
    assert result.report["moved_lines"] == 0
    assert result.report["top_lines"] == []


_DIGEST = """
import hashlib, json
from datetime import date
from tailor_core.engine import tailor_resume
from tests.eval.corpus import load_cases
digest = hashlib.sha256()
for case in load_cases()[::6]:
    result = tailor_resume(case.resume, case.posting, date(2026, 11, 1))
    digest.update(result.tailored_text.encode())
    digest.update(json.dumps(result.report).encode())
print(digest.hexdigest())
"""


def test_the_same_bytes_in_every_process_whatever_its_hash_seed() -> None:
    """Sets iterate in an order set by the hash seed; no figure may depend on it."""
    root = Path(__file__).resolve().parents[3]
    digests = {
        subprocess.run(
            [sys.executable, "-c", _DIGEST],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


def test_warm_up_loads_the_data_and_moves_it_out_of_the_collectors_way() -> None:
    import gc

    from tailor_core.engine.warm import warm_up

    try:
        warm_up()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
