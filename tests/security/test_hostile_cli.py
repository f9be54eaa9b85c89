"""The CLI and the task boundary with hostile files and ids: one-line errors, bounded reads."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tailor_core.validation import MAX_ID
from tailor_worker.tasks import _job_id
from tests.support.factories import make_user
from tests.support.hostile import billion_laughs_docx, unclosed_tag_docx

pytestmark = pytest.mark.security

Tailor = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def tailor(worker_env: dict[str, str]) -> Tailor:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(Path(sys.executable).with_name("tailor")), *args],
            env={**worker_env, "TAILOR_MAX_UPLOAD_BYTES": "1000000"},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    return run


def _one_line_error(done: subprocess.CompletedProcess[str], says: str) -> None:
    assert done.returncode != 0, done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert says in lines[0], lines[0]
    assert "Traceback" not in done.stderr


def test_a_dev_zero_symlink_is_refused_at_once(tailor: Tailor, tmp_path: Path) -> None:
    user = make_user()
    link = tmp_path / "resume.md"
    link.symlink_to("/dev/zero")
    done = tailor("resumes", "add", "--user-id", str(user["id"]), "--file", str(link))
    _one_line_error(done, "not a regular file")


def test_a_fifo_is_refused_without_waiting_for_a_writer(tailor: Tailor, tmp_path: Path) -> None:
    user = make_user()
    fifo = tmp_path / "resume.md"
    os.mkfifo(fifo)
    done = tailor("resumes", "add", "--user-id", str(user["id"]), "--file", str(fifo))
    _one_line_error(done, "not a regular file")


@pytest.mark.parametrize(
    ("make", "says"),
    [(unclosed_tag_docx, "malformed XML"), (billion_laughs_docx, "declares XML entities")],
)
def test_hostile_docx_is_a_one_line_cli_error(
    tailor: Tailor, tmp_path: Path, make: Callable[[], bytes], says: str
) -> None:
    user = make_user()
    path = tmp_path / "cv.docx"
    path.write_bytes(make())
    done = tailor("resumes", "add", "--user-id", str(user["id"]), "--file", str(path))
    _one_line_error(done, says)


@pytest.mark.parametrize("job_id", ["²", str(2**63), "0"])
def test_odd_job_ids_are_a_usage_error(tailor: Tailor, job_id: str) -> None:
    # Click's usage error (exit 2) names the argument and its range; never a traceback.
    done = tailor("jobs", "show", job_id)
    assert done.returncode == 2, done.stdout
    assert "Invalid value for 'JOB_ID'" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("²", None),
        ("٣", None),
        (2**63, None),
        (str(2**63), None),
        (True, None),
        ("-1", None),
        (0, None),
        ("12", 12),
        (12, 12),
        (MAX_ID, MAX_ID),
        (MAX_ID + 1, None),
        (str(MAX_ID + 1), None),
    ],
)
def test_the_task_refuses_odd_job_ids(raw: object, parsed: int | None) -> None:
    assert _job_id(raw) == parsed
