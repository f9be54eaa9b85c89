"""Parsing an upload in a child process with a time budget and a memory cap.

The API must not spend its own CPU and memory on a hostile file: every upload is parsed by
`python -m tailor_core.parsing.isolated` in a child process that sets RLIMIT_AS and RLIMIT_CPU
on itself before it reads a byte, and that the parent kills after PARSE_SECONDS of wall
clock. (A fresh interpreter costs about 0.2 s; multiprocessing's fork server would re-run the
API's main module in every child, and forking the threaded API itself is unsafe.) At most
PARSE_SLOTS parses run at once per API process; a request that finds every slot busy for
PARSE_SLOT_WAIT seconds gets a TransientError (503 with Retry-After), so hostile uploads cannot
hold the API's request threads either. The bytes go in on stdin, the result comes back as JSON.
"""

from __future__ import annotations

import json
import os
import resource
import struct
import subprocess
import sys
import threading
from typing import Any

from tailor_core.errors import InvalidInput, TransientError
from tailor_core.parsing.api import ParsedResume, parse_resume_file

# Wall-clock budget of one parse (interpreter start included); a real resume needs about 1 s.
PARSE_SECONDS = 10
# Address space of the parsing child: python-docx and pypdf on a 10 MB file need far less.
PARSE_MEMORY_BYTES = 1024 * 1024 * 1024
# Parses at once per API process, and how long a request waits for a free slot.
PARSE_SLOTS = max(2, os.cpu_count() or 2)
PARSE_SLOT_WAIT = 2.0

_slots = threading.BoundedSemaphore(PARSE_SLOTS)
_HEADER = struct.Struct(">I")


def parse_isolated(filename: str, data: bytes) -> ParsedResume:
    """parse_resume_file in a bounded child process; the same results and refusals."""
    if not _slots.acquire(timeout=PARSE_SLOT_WAIT):
        raise TransientError("every file reader is busy; retry the upload in a few seconds")
    try:
        return _run(filename, data)
    finally:
        _slots.release()


def _too_costly(filename: str) -> InvalidInput:
    return InvalidInput(
        f"{filename} needs more time or memory to read than any resume (limits: "
        f"{PARSE_SECONDS} s, {PARSE_MEMORY_BYTES // 2**20} MiB); save it again as a simple "
        "PDF, .docx or .md"
    )


def _run(filename: str, data: bytes) -> ParsedResume:
    name = filename.encode("utf-8", "replace")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tailor_core.parsing.isolated"],
            input=_HEADER.pack(len(name)) + name + data,
            capture_output=True,
            timeout=PARSE_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise _too_costly(filename) from None
    try:
        reply: dict[str, Any] = json.loads(done.stdout)
    except ValueError:
        # Killed by its own limits (SIGXCPU, an allocation refused) or a parser crash.
        raise _too_costly(filename) from None
    if reply.get("outcome") == "invalid":
        raise InvalidInput(str(reply["message"]))
    return ParsedResume(text=str(reply["text"]), content_type=str(reply["content_type"]))


def main() -> None:
    """The child: limits first, then one file from stdin, one JSON answer on stdout."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_AS, (PARSE_MEMORY_BYTES, PARSE_MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (PARSE_SECONDS, PARSE_SECONDS + 1))
    raw = sys.stdin.buffer.read()
    (length,) = _HEADER.unpack_from(raw)
    filename = raw[_HEADER.size : _HEADER.size + length].decode("utf-8", "replace")
    data = raw[_HEADER.size + length :]
    try:
        parsed = parse_resume_file(filename, data)
        reply = {"outcome": "ok", "text": parsed.text, "content_type": parsed.content_type}
    except InvalidInput as exc:
        reply = {"outcome": "invalid", "message": exc.message}
    except MemoryError:
        reply = {"outcome": "invalid", "message": _too_costly(filename).message}
    sys.stdout.buffer.write(json.dumps(reply).encode())


if __name__ == "__main__":
    main()
