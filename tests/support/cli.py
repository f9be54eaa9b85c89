"""The `tailor` console entry point, run as a script sees it: in a process of its own, or `main()`
in this one (fast enough for many cases)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from tailor_cli import main

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


def run_in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: Sequence[str]
) -> subprocess.CompletedProcess[str]:
    """`tailor <argv>` through `main()` (which turns errors into one line), in this process."""
    monkeypatch.setattr(sys, "argv", ["tailor", *argv])
    code = 0
    try:
        main()
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out = capsys.readouterr()
    return subprocess.CompletedProcess(list(argv), code, out.out, out.err)
