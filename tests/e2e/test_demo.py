"""The README's first command: `tailor demo` on a bare machine, no servers configured."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

SERVER_SETTINGS = (
    "DATABASE_URL",
    "DB_NAME",
    "REDIS_URL",
    "TAILOR_BROKER_URL",
    "TAILOR_REDIS_KEY_PREFIX",
    "TAILOR_DATA_DIR",
    "TAILOR_ENGINE",
)


def _bare_env() -> dict[str, str]:
    return {
        k: v
        for k, v in os.environ.items()
        if k not in SERVER_SETTINGS and not k.startswith(("CELERY_", "PYTEST_"))
    }


def test_demo_runs_on_embedded_defaults(tmp_path: Path) -> None:
    tailor = str(Path(sys.executable).with_name("tailor"))
    assert Path(tailor).is_file(), "the `tailor` command is installed by `pip install -e .`"
    result = subprocess.run(
        [tailor, "demo", "--json"],
        cwd=tmp_path,
        env=_bare_env(),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, (
        result.stderr + (tmp_path / ".tailor/demo-worker.log").read_text()
    )
    job = json.loads(result.stdout)
    assert job["status"] == "COMPLETED"
    assert "Lumen Analytics" in job["tailored_resume_text"]
    assert "PostgreSQL" in job["report"]["matched"] or "postgresql" in job["report"]["matched"]
    assert (tmp_path / ".tailor" / "tailor.db").is_file(), "embedded SQLite database used"

    again = subprocess.run(
        [tailor, "demo"],
        cwd=tmp_path,
        env=_bare_env(),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    assert "Senior Software Engineer, Lumen Analytics" in again.stdout
    assert "match score" in again.stdout
