"""examples/example_usage.py, the original design's examples, runs as written."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tailor_worker.worker_process import ROOT

pytestmark = pytest.mark.e2e


def test_example_usage_runs_against_postgresql(database: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "example_usage.py")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "for John Doe: COMPLETED" in result.stdout
    assert "Lumen Analytics" in result.stdout
