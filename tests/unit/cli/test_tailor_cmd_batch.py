"""`tailor tailor --batch --json`: JSON lines in, one JSON line out for each, in order; a bad
line gets its own error and the others go on."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tailor_cli.tailor_cmd import BATCH_EXAMPLE, read_lines, tailor_command
from tailor_core.domain import JobPosting, TailoringResult
from tailor_core.engine import tailor_resume
from tailor_core.errors import TransientError
from tailor_core.jobs.engine_choice import load_engine
from tailor_core.jobs.processing import Engine
from tailor_core.resumes.crud import MAX_RESUME_CHARS
from tailor_core.samples import sample_text
from tests.support.cli import MAIN
from tests.support.eval_cases import CASES_DIR
from tests.support.settings import settings_env


def pair(case: str | None = None, **extra: object) -> str:
    """One input line: the packaged sample (case None) or an eval case, as a script sends it."""
    if case is None:
        resume, posting = sample_text("resume.md"), sample_text("posting.txt")
    else:
        resume = (CASES_DIR / case / "resume.md").read_text(encoding="utf-8")
        posting = (CASES_DIR / case / "posting.txt").read_text(encoding="utf-8")
    return json.dumps({"resume": resume, "posting": posting, **extra})


# The candidate's name in each resume: it survives tailoring, so it shows which line is which.
SAMPLE, JANE, NURSE = None, "01-backend-engineer", "02-icu-nurse"
NAMES = {SAMPLE: "Maria Sánchez", JANE: "Jane Doe", NURSE: "MARIA LOPEZ"}


def batch(stdin: str | bytes, *args: str) -> Result:
    return CliRunner().invoke(tailor_command, ["--batch", "--json", *args], input=stdin)


def results(result: Result) -> list[dict[str, Any]]:
    lines = result.stdout.splitlines()
    documents = [json.loads(line) for line in lines]
    assert all(isinstance(d, dict) for d in documents)
    return documents


def assert_tailored(document: dict[str, Any], name: str) -> None:
    assert set(document) == {"tailored_resume", "report"}, document
    assert name in document["tailored_resume"]
    for key in ("score_before", "score_after", "matched", "missing", "engine"):
        assert key in document["report"]


def assert_error(document: dict[str, Any], line: int, message: str = "") -> None:
    assert set(document) == {"error"}, document
    error = document["error"]
    assert isinstance(error, str)
    assert "\n" not in error
    assert error.startswith(f"line {line}: ")
    assert message in error


def test_batch_one_line_out_per_line_in_order() -> None:
    lines = [pair(JANE, title="Backend Engineer", company="Gamma"), pair(), pair(NURSE)]
    result = batch("\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    documents = results(result)
    assert len(documents) == 3
    for document, case in zip(documents, (JANE, SAMPLE, NURSE), strict=True):
        assert_tailored(document, NAMES[case])


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "is not valid JSON"),
        ("[1, 2]", "holds a JSON array, not an object"),
        ('"just text"', "holds a JSON string, not an object"),
        ("[" * 100_000, "is not valid JSON"),
        (json.dumps({"posting": "Python developer"}), "resume is missing"),
        (json.dumps({"resume": "Jane Doe\nPython"}), "posting is missing"),
        (json.dumps({"resume": ["Jane"], "posting": "Python"}), "resume must be a string"),
        (json.dumps({"resume": "Jane Doe", "posting": 7}), "posting must be a string"),
        (pair(title=["Engineer"]), "title must be a string"),
        (pair(company=False), "company must be a string"),
        (json.dumps({"resume": " \t ", "posting": "Python"}), "resume must not be empty"),
        (json.dumps({"resume": "Jane Doe", "posting": ""}), "posting must not be empty"),
        (json.dumps({"resume": "Jane\x00Doe", "posting": "Python"}), "NUL byte"),
        (pair(title="T" * 301), "title is 301 characters; the limit is 300"),
        (
            json.dumps({"resume": "x" * (MAX_RESUME_CHARS + 1), "posting": "Python"}),
            f"the limit is {MAX_RESUME_CHARS}",
        ),
    ],
)
def test_a_bad_line_gets_an_error_and_the_others_go_on(line: str, message: str) -> None:
    result = batch("\n".join([pair(), line, pair(JANE)]) + "\n")
    assert result.exit_code == 1, result.output
    documents = results(result)
    assert len(documents) == 3
    assert_tailored(documents[0], NAMES[SAMPLE])
    assert_error(documents[1], 2, message)
    assert_tailored(documents[2], NAMES[JANE])


def test_posting_is_held_to_the_submitted_job_limit() -> None:
    short = "Backend engineer: Python, Celery, Redis, Postgres."
    with settings_env(TAILOR_MAX_POSTING_CHARS=str(len(short))):
        result = batch(pair() + "\n" + pair(posting=short) + "\n")
    assert result.exit_code == 1
    first, second = results(result)
    assert_error(first, 1, f"the limit is {len(short)}")
    assert_tailored(second, NAMES[SAMPLE])


def test_non_utf8_line_gets_an_error() -> None:
    stdin = pair().encode() + b"\n" + b'{"resume": "Ren\xe9", "posting": "Python"}\n'
    result = batch(stdin + pair(JANE).encode() + b"\n")
    assert result.exit_code == 1
    documents = results(result)
    assert len(documents) == 3
    assert_error(documents[1], 2, "not UTF-8")
    assert_tailored(documents[2], NAMES[JANE])


def test_an_engine_error_is_that_lines_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def flaky(resume_text: str, posting: JobPosting) -> TailoringResult:
        if "Jane Doe" in resume_text:
            raise TransientError("the model did not answer: try again later")
        return tailor_resume(resume_text, posting)

    monkeypatch.setattr("tailor_cli.tailor_cmd.load_engine", lambda name: flaky)
    result = batch("\n".join([pair(), pair(JANE), pair(NURSE)]))  # no final newline
    assert result.exit_code == 1
    documents = results(result)
    assert len(documents) == 3
    assert_error(documents[1], 2, "the model did not answer: try again later")
    assert_tailored(documents[2], NAMES[NURSE])


def test_an_oversized_line_is_refused_without_failing_the_others() -> None:
    huge = json.dumps({"resume": "Jane Doe\n" + "Python " * 2_000, "posting": "Python"})
    with settings_env(TAILOR_MAX_UPLOAD_BYTES="4096"):
        assert len(pair(NURSE).encode()) < 4096 < len(huge)
        stdin = "\n".join([pair(NURSE), huge, pair(NURSE), huge]) + "\n"
        result = batch(stdin)
    assert result.exit_code == 1, result.output
    documents = results(result)
    assert len(documents) == 4
    assert_error(documents[1], 2, f"the line is {len(huge):,} bytes; the limit is 4,096")
    assert "TAILOR_MAX_UPLOAD_BYTES" in documents[1]["error"]
    assert_tailored(documents[2], NAMES[NURSE])
    assert_error(documents[3], 4, "the limit is 4,096")


def test_read_lines_never_holds_more_than_the_limit() -> None:
    stream = io.BytesIO(b"0123456789\n0123456789A\n" + b"x" * 100_000 + b"\nok\n" + b"y" * 11)
    lines = list(read_lines(stream, 10))
    assert [(line.number, line.data, line.size) for line in lines] == [
        (1, b"0123456789", 10),
        (2, b"", 11),
        (3, b"", 100_000),
        (4, b"ok", 2),
        (5, b"", 11),
    ]
    assert [line.too_long for line in lines] == [False, True, True, False, True]


def test_blank_lines_are_skipped() -> None:
    stdin = "\n  \n" + pair() + "\r\n\t\n\n" + pair(JANE) + "\n\n"
    result = batch(stdin)
    assert result.exit_code == 0, result.output
    documents = results(result)
    assert len(documents) == 2
    assert_tailored(documents[0], NAMES[SAMPLE])
    assert_tailored(documents[1], NAMES[JANE])
    # Errors still name the line as the caller counts it, blank lines included.
    result = batch("\n\n{oops\n")
    assert result.exit_code == 1
    (document,) = results(result)
    assert_error(document, 3, "not valid JSON")
    assert batch("").stdout == ""
    assert batch("").exit_code == 0


def test_the_engine_is_loaded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded: list[str] = []

    def counting(name: str) -> Engine:
        loaded.append(name)
        return load_engine(name)

    monkeypatch.setattr("tailor_cli.tailor_cmd.load_engine", counting)
    result = batch("\n".join([pair(), "{bad", pair(JANE), pair(NURSE)]) + "\n")
    assert len(results(result)) == 4
    assert loaded == ["default"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--batch", "--json", "--resume", "resume.md"], "drop --resume and --job"),
        (["--batch", "--json", "--job", "posting.txt"], "drop --resume and --job"),
        (["--batch", "--json", "--title", "Engineer"], "drop --title and --company"),
        (["--batch", "--json", "--company", "Acme"], "drop --title and --company"),
        (["--batch"], "add --json"),
        (["--job", "posting.txt", "--json"], "Missing option '--resume'"),
        (["--resume", "resume.md", "--json"], "Missing option '--job'"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = CliRunner().invoke(tailor_command, args, input=pair() + "\n")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.count("Error: ") == 1
    assert message in result.stderr


def test_help_teaches_batch_with_a_working_example() -> None:
    help_text = CliRunner().invoke(tailor_command, ["--help"]).stdout
    words = " ".join(help_text.split())
    assert BATCH_EXAMPLE in help_text
    assert '{"error": "line 2: ' in help_text
    assert "tailored_resume" in help_text
    assert "0 when every line was tailored, 1 when any line got an `error`" in words
    result = batch(BATCH_EXAMPLE + "\n")
    assert result.exit_code == 0, result.output
    assert_tailored(results(result)[0], "Jane Doe")


def test_batch_streams_in_a_real_process(tmp_path: Path) -> None:
    """Through the console entry point: results come as lines go in, and the exit code holds."""
    with subprocess.Popen(
        [sys.executable, "-c", MAIN, "tailor", "--batch", "--json"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=tmp_path,
    ) as process:
        assert process.stdin is not None
        assert process.stdout is not None
        # Were a result held back, readline would wait for it forever: the timer ends the wait.
        watchdog = threading.Timer(60, process.kill)
        watchdog.start()
        try:
            lines = [(pair(), NAMES[SAMPLE]), ("{oops", None), (pair(JANE), NAMES[JANE])]
            for line, name in lines:
                process.stdin.write(line.encode() + b"\n")
                process.stdin.flush()
                document = json.loads(process.stdout.readline())
                if name is None:
                    assert_error(document, 2, "not valid JSON")
                else:
                    assert_tailored(document, name)
            process.stdin.close()
            assert process.stdout.read() == b""
            assert process.wait(timeout=60) == 1
        finally:
            watchdog.cancel()
            process.kill()
