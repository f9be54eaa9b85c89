"""`tailor tailor ... --json`: the contract scripts rely on, and one-line errors on bad input
(`--batch --json`: test_tailor_cmd_batch.py)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tailor_core.jobs.exporting import to_docx, to_pdf
from tests.support.cli import run_in_process, tailor_process
from tests.support.eval_cases import CASES_DIR

CASE = CASES_DIR / "01-backend-engineer"
Runner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def tailor(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """The same entry point (`main()`) in this process: fast enough for many cases."""

    def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        monkeypatch.chdir(cwd)
        return run_in_process(monkeypatch, capsys, ["tailor", *args])

    return run


def test_json_contract_in_a_real_process(tmp_path: Path) -> None:
    done = tailor_process(
        "--resume", str(CASE / "resume.md"), "--job", str(CASE / "posting.txt"), "--json",
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert set(json.loads(done.stdout)) == {"tailored_resume", "report"}
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 broken")
    done = tailor_process("--resume", "bad.pdf", "--job", str(CASE / "posting.txt"), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("error: bad.pdf is not a readable PDF")


@pytest.mark.parametrize("fmt", ["md", "pdf", "docx"])
def test_json_contract(tailor: Runner, tmp_path: Path, fmt: str) -> None:
    text = (CASE / "resume.md").read_text(encoding="utf-8")
    resume = tmp_path / f"resume.{fmt}"
    if fmt == "md":
        resume.write_text(text, encoding="utf-8")
    else:
        resume.write_bytes(to_pdf(text) if fmt == "pdf" else to_docx(text))
    done = tailor(
        "--resume", str(resume), "--job", str(CASE / "posting.txt"),
        "--title", "Backend Engineer", "--company", "Gamma", "--json",
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert isinstance(document["tailored_resume"], str)
    report = document["report"]
    for key in ("score_before", "score_after", "matched", "missing", "breakdown", "engine"):
        assert key in report
    assert report["score_before"] <= report["score_after"]
    assert "PostgreSQL" in document["tailored_resume"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("resume.pdf", b"%PDF-1.4 broken", "not a readable PDF"),
        ("resume.docx", b"plain text", "named like a Word .docx document"),
        ("resume.md", b"", "is empty"),
        ("resume.rtf", b"{\\rtf1}", ".rtf files are not accepted"),
    ],
)
def test_bad_input_is_one_line_and_non_zero(
    tailor: Runner, tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    (tmp_path / name).write_bytes(data)
    done = tailor("--resume", name, "--job", str(CASE / "posting.txt"), "--json", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    # Under --json the one line is a JSON document too.
    assert json.loads(lines[0]) == {"error": AnyStringWith(message), "exit_code": 1}
    plain = tailor("--resume", name, "--job", str(CASE / "posting.txt"), cwd=tmp_path)
    assert plain.returncode == 1
    assert plain.stderr.startswith("error: ")
    assert message in plain.stderr
    assert len(plain.stderr.strip().splitlines()) == 1


class AnyStringWith(str):
    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and self in other

    __hash__ = str.__hash__


def test_missing_posting_file_and_empty_posting(tailor: Runner, tmp_path: Path) -> None:
    done = tailor("--resume", str(CASE / "resume.md"), "--job", "nope.txt", cwd=tmp_path)
    assert done.returncode == 1
    assert "no such file" in done.stderr
    (tmp_path / "empty.txt").write_text("?!", encoding="utf-8")
    done = tailor("--resume", str(CASE / "resume.md"), "--job", "empty.txt", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == "error: the job description is empty: paste the posting text"
