"""A wrong or half configuration is refused before anything runs: one `error:` line naming the
variable and the fix, exit 1, and nothing created on disk (no `.tailor/` in the folder)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
# Only what a shell needs: no setting of this test run leaks into the commands under test.
BASE_ENV = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/")}
# Addresses nothing listens on: a refused configuration must fail before connecting anywhere.
DATABASE = "postgresql://tailor:s3cret@127.0.0.1:9/tailor"
BROKER = "redis://127.0.0.1:9/0"

REFUSED = [
    ({}, "no database configured: set DATABASE_URL="),
    (
        {"REDIS_URL": BROKER},
        "a broker is set (redis://127.0.0.1:9/0) but no database: set DATABASE_URL",
    ),
    ({"DATABASE_URL": DATABASE}, "but no broker: set REDIS_URL="),
    ({"DATABASE_URL": "garbage", "REDIS_URL": BROKER}, "DATABASE_URL is not a URL"),
    ({"DATABASE_URL": "postgresq://u@h/d", "REDIS_URL": BROKER}, "unknown scheme postgresq://"),
    ({"DATABASE_URL": "mysql://u@h/d", "REDIS_URL": BROKER}, "unknown scheme mysql://"),
    ({"DATABASE_URL": DATABASE, "REDIS_URL": "reddis://h:6379/0"}, "REDIS_URL has an unknown"),
    ({"DATABASE_URL": "postgresql://u@h:5432", "REDIS_URL": BROKER}, "names no database"),
    (
        {"DATABASE_URL": DATABASE, "REDIS_URL": BROKER, "TAILOR_LOG_LEVEL": "verbose"},
        "TAILOR_LOG_LEVEL must be one of",
    ),
    (
        {"DATABASE_URL": DATABASE, "REDIS_URL": BROKER, "TAILOR_MAX_RETRIES": "many"},
        "TAILOR_MAX_RETRIES must be a whole number",
    ),
]
IDS = [
    "nothing",
    "broker-only",
    "database-only",
    "garbage-url",
    "postgresq",
    "mysql",
    "reddis",
    "no-dbname",
    "log-level",
    "not-a-number",
]


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        env={**BASE_ENV, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _assert_refused(done: subprocess.CompletedProcess[str], message: str, cwd: Path) -> None:
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1, done.stderr
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: "), lines[0]
    assert message in lines[0]
    assert "s3cret" not in done.stderr, "a password was shown"
    assert list(cwd.iterdir()) == [], f"created {list(cwd.iterdir())}"


@pytest.mark.parametrize(("env", "message"), REFUSED, ids=IDS)
def test_cli_refuses(tmp_path: Path, env: dict[str, str], message: str) -> None:
    done = _run([str(BIN / "tailor"), "jobs", "list"], env, tmp_path)
    _assert_refused(done, message, tmp_path)


@pytest.mark.parametrize(("env", "message"), REFUSED[:4], ids=IDS[:4])
def test_cli_refuses_in_json_under_json(tmp_path: Path, env: dict[str, str], message: str) -> None:
    done = _run([str(BIN / "tailor"), "stats", "--json"], env, tmp_path)
    assert done.returncode == 1
    assert done.stdout == ""
    document = json.loads(done.stderr)
    assert document["exit_code"] == 1
    assert message in document["error"]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("program", ["worker", "beat"])
@pytest.mark.parametrize(("env", "message"), REFUSED[:3] + REFUSED[6:7], ids=IDS[:3] + IDS[6:7])
def test_worker_and_beat_refuse_to_start(
    tmp_path: Path, program: str, env: dict[str, str], message: str
) -> None:
    done = _run([str(BIN / "celery"), "-A", "tailor_worker", program], env, tmp_path)
    _assert_refused(done, message, tmp_path)


def test_env_file_is_read_from_the_working_directory_only(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("TAILOR_LOG_LEVEL=verbose\n", encoding="utf-8")
    below = tmp_path / "below"
    below.mkdir()
    env = {"DATABASE_URL": DATABASE, "REDIS_URL": BROKER}
    here = _run([str(BIN / "tailor"), "jobs", "list"], env, tmp_path)
    assert "TAILOR_LOG_LEVEL must be one of" in here.stderr
    # A parent folder's .env is not read: the same command below gets past the settings, to a
    # database that does not answer (exit 3).
    deeper = _run([str(BIN / "tailor"), "jobs", "list"], env, below)
    assert "TAILOR_LOG_LEVEL" not in deeper.stderr
    assert deeper.returncode == 3, deeper.stderr
    assert len(deeper.stderr.strip().splitlines()) == 1, deeper.stderr
