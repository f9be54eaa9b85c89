"""`tailor users list/show/delete` on real PostgreSQL: what a delete takes with it, and when
it refuses."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tailor_api.storage import LocalStorage
from tailor_cli import cli
from tailor_core.auth.api_tokens import create_token, list_tokens
from tailor_core.jobs.crud import create_job, get_job_by_id
from tailor_core.resumes.crud import create_resume, get_resume_by_id
from tailor_core.users.crud import get_user_by_id
from tests.support.cli import run_in_process
from tests.support.factories import make_resume, make_user, posting

pytestmark = pytest.mark.integration

MAIN = "from tailor_cli import main; main()"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def tailor(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """The console entry point (`main()`, which turns errors into one line) in this process."""

    def run_main(*args: str) -> subprocess.CompletedProcess[str]:
        return run_in_process(monkeypatch, capsys, args)

    return run_main


def owner_with_holdings() -> dict[str, Any]:
    """A user with two resumes, three jobs (one unfinished) and an API token."""
    user = make_user()
    first, second = make_resume(user["id"]), make_resume(user["id"])
    jobs = [
        create_job(user["id"], first["id"], **posting(), status="COMPLETED"),
        create_job(user["id"], second["id"], **posting(), status="FAILED"),
        create_job(user["id"], second["id"], **posting()),
    ]
    token = create_token(user_id=user["id"], name="laptop")
    return user | {"resumes": [first, second], "jobs": jobs, "token": token}


def test_list_pages_users_oldest_first(database: str) -> None:
    made = [make_user() for _ in range(3)]
    listed = run("users", "list", "--json", "--limit", "1000")
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)
    ids = [row["id"] for row in rows]
    assert ids == sorted(ids)
    assert {u["id"] for u in made} <= set(ids)
    assert all("password_hash" not in row for row in rows)
    page = json.loads(run("users", "list", "--json", "--limit", "1", "--offset", "1").output)
    assert [row["id"] for row in page] == ids[1:2]
    text = run("users", "list", "--limit", "1000")
    assert f"{made[0]['email']}  {made[0]['name']}" in text.output


def test_show_counts_what_the_user_owns(database: str) -> None:
    user = owner_with_holdings()
    shown = run("users", "show", str(user["id"]), "--json")
    assert shown.exit_code == 0, shown.output
    document = json.loads(shown.output)
    assert document["email"] == user["email"]
    assert document["holdings"] == {
        "resumes": 2,
        "jobs": 3,
        "unfinished_jobs": 1,
        "api_tokens": 1,
    }
    text = run("users", "show", str(user["id"]))
    assert "unfinished_jobs  1" in text.output
    assert "password" not in text.output


def test_show_and_delete_of_a_missing_user_are_one_line_errors(
    database: str, tailor: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    for args in (["show", str(10**12)], ["delete", str(10**12), "--yes"]):
        result = tailor("users", *args)
        assert result.returncode == 1
        assert result.stderr == f"error: user {10**12} not found\n"


def test_delete_cascades_to_resumes_jobs_and_tokens_only_of_that_user(database: str) -> None:
    user, bystander = owner_with_holdings(), owner_with_holdings()
    deleted = run("users", "delete", str(user["id"]), "--yes", "--json")
    assert deleted.exit_code == 0, deleted.output
    document = json.loads(deleted.output)
    assert document["deleted"] is True
    assert document["holdings"] == {"resumes": 2, "jobs": 3, "unfinished_jobs": 1, "api_tokens": 1}
    assert get_user_by_id(user["id"]) is None
    assert all(get_resume_by_id(r["id"]) is None for r in user["resumes"])
    assert all(get_job_by_id(j["id"]) is None for j in user["jobs"])
    assert list_tokens(user_id=user["id"], include_revoked=True) == []
    # The other user keeps everything.
    assert get_user_by_id(bystander["id"]) is not None
    assert all(get_job_by_id(j["id"]) is not None for j in bystander["jobs"])
    assert len(list_tokens(user_id=bystander["id"])) == 1


def test_delete_removes_uploaded_originals_but_not_the_persons_own_files(
    database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage = LocalStorage(tmp_path / "uploads")
    monkeypatch.setattr("tailor_api.storage.get_storage", lambda: storage)
    user = make_user()
    uploaded = storage.put(f"{user['id']}/cv.txt", b"Alex Doe\nPython", "text/plain")
    own_file = tmp_path / "my-resume.txt"
    own_file.write_text("Alex Doe\nPython\n")
    for path in (uploaded, str(own_file)):
        create_resume(
            user_id=user["id"], file_path=path, original_filename="cv.txt", parsed_text="Alex"
        )
    result = run("users", "delete", str(user["id"]), "--yes")
    assert result.exit_code == 0, result.output
    assert "deleted user" in result.output
    assert not (tmp_path / "uploads" / str(user["id"]) / "cv.txt").exists()
    assert own_file.exists()


def test_delete_without_a_terminal_needs_yes(
    database: str, tailor: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    user = owner_with_holdings()
    refused = tailor("users", "delete", str(user["id"]))
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"error: not deleting user {user['id']} (")
    assert refused.stderr.endswith("without confirmation: add --yes\n")
    assert len(refused.stderr.splitlines()) == 1
    refused = tailor("users", "delete", str(user["id"]), "--json")
    assert refused.returncode == 1
    assert "add --yes" in json.loads(refused.stderr)["error"]
    assert get_user_by_id(user["id"]) is not None
    assert len(list_tokens(user_id=user["id"])) == 1


def test_delete_refused_without_a_terminal_in_a_real_process(database: str, tmp_path: Path) -> None:
    user = make_user()
    done = subprocess.run(
        [sys.executable, "-c", MAIN, "users", "delete", str(user["id"]), "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    error = json.loads(done.stderr)
    assert "add --yes" in error["error"]
    assert error["exit_code"] == 1
    assert get_user_by_id(user["id"]) is not None


def answer_prompt(user_id: int, answer: str, cwd: Path) -> tuple[int, str]:
    """`tailor users delete` on a real terminal (a pty), answering its question."""
    controller, terminal = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", MAIN, "users", "delete", str(user_id)],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        cwd=cwd,
    )
    os.close(terminal)
    seen = b""
    deadline = time.monotonic() + 60
    try:
        while b"[y/N]" not in seen:
            assert time.monotonic() < deadline, f"no question asked: {seen!r}"
            if select.select([controller], [], [], 1)[0]:
                seen += os.read(controller, 4096)
            elif process.poll() is not None:
                pytest.fail(f"exited {process.returncode} without asking: {seen!r}")
        os.write(controller, answer.encode() + b"\n")
        code = process.wait(timeout=60)
        while select.select([controller], [], [], 0.2)[0]:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            seen += chunk
    finally:
        if process.poll() is None:
            process.kill()
        os.close(controller)
    return code, seen.decode(errors="replace")


def test_delete_asks_on_a_terminal(database: str, tmp_path: Path) -> None:
    user = owner_with_holdings()
    code, screen = answer_prompt(user["id"], "n", tmp_path)
    assert "2 resume(s), 3 job(s) (1 PENDING or PROCESSING) and 1 API token(s)?" in screen
    assert code == 1
    assert f"user {user['id']} not deleted" in screen
    assert get_user_by_id(user["id"]) is not None

    code, screen = answer_prompt(user["id"], "y", tmp_path)
    assert code == 0, screen
    assert f"deleted user {user['id']}" in screen
    assert get_user_by_id(user["id"]) is None
