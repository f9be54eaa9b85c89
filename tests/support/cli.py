"""The `tailor` console entry point run in a process of its own: what a script sees."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

MAIN = "from tailor_cli import main; main()"


def tailor_process(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real console entry point in its own process: what a script sees."""
    return subprocess.run(
        [sys.executable, "-c", MAIN, "tailor", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        check=False,
    )
