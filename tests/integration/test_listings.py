"""The Core listings (tailor_core.jobs.listings, tailor_core.users.listings) against the ORM's
records, on real PostgreSQL, and the read commands that use them starting without the ORM."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tailor_core.domain import JobStatus
from tailor_core.jobs.crud import create_job, get_job_by_id, update_job
from tailor_core.jobs.listings import list_jobs
from tailor_core.users.crud import get_user_by_id
from tailor_core.users.listings import list_users
from tests.support.factories import make_resume, make_user, posting

pytestmark = pytest.mark.integration


def test_listed_jobs_and_users_are_the_orm_records(database: str) -> None:
    user = make_user()
    resume = make_resume(user["id"])
    done = create_job(user["id"], resume["id"], **posting(), status="PROCESSING")
    update_job(
        done["id"],
        status="COMPLETED",
        tailored_resume_text="Alex Doe",
        report={"score": {"before": 0.5, "after": 0.75}, "moved": ["Skills"]},
    )
    pending = create_job(user["id"], resume["id"], **posting(title="Analyst"))
    listed = [job.as_dict() for job in list_jobs(1000, user_id=user["id"])]
    assert listed == [get_job_by_id(done["id"]), get_job_by_id(pending["id"])]
    assert listed[0]["report"]["moved"] == ["Skills"]
    pending_listed = list_jobs(1000, user_id=user["id"], status=JobStatus.PENDING)
    assert [job.as_dict() for job in pending_listed] == [get_job_by_id(pending["id"])]
    users = {u.id: u.as_dict() for u in list_users(1000)}
    assert users[user["id"]] == get_user_by_id(user["id"])


def test_read_commands_do_not_load_the_orm(database: str, tmp_path: Path) -> None:
    """What keeps `tailor jobs list` and `tailor users list` fast (bench/cli_startup.py)."""
    check = (
        "import sys; from tailor_cli import cli\n"
        "try:\n    cli.main(sys.argv[1:])\nexcept SystemExit as done:\n    assert not done.code\n"
        "print(sorted(m for m in ('sqlalchemy.orm', 'tailor_core.db.models') if m in sys.modules))"
    )
    for args in (["jobs", "list", "--json"], ["users", "list", "--json"], ["jobs", "--help"]):
        done = subprocess.run(
            [sys.executable, "-c", check, *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=os.environ,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[-1] == "[]", (args, done.stdout[-300:])
