"""Reading an uploaded resume or posting into text, refusing what cannot be read.

Resumes go through `tailor_core.parsing` (PDF, DOCX, Markdown, text, with the real type sniffed
from the bytes); postings are plain UTF-8 text.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tailor_core.errors import InvalidInput
from tailor_core.parsing import ACCEPTED, parse_resume_file
from tailor_core.parsing.api import check_extension, check_size
from tailor_core.parsing.plain_text import decode, normalize_newlines
from tailor_core.settings import get_settings

__all__ = ["ACCEPTED", "decode_text", "read_resume_file", "read_text_file"]


def decode_text(data: bytes, filename: str) -> str:
    check_size(filename, len(data))
    text = decode(filename, data)
    if not text.strip():
        raise InvalidInput(f"{filename} is empty")
    return normalize_newlines(text)


def _read_bytes(path: Path) -> bytes:
    """At most the upload limit + 1 bytes of a regular file, whatever stat() claims.

    stat().st_size is 0 for /dev/zero, FIFOs and /proc files, which then never end: the file
    is opened without blocking (a FIFO would wait for a writer), must be a regular file, and
    is read with a hard cap.
    """
    limit = get_settings().max_upload_bytes
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a directory, not a file") from None
    except PermissionError:
        raise InvalidInput(f"{path}: permission denied") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InvalidInput(f"{path} is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput(f"{path} is not a regular file (a device, FIFO or socket)")
        check_size(path.name, info.st_size)
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        # The file grew since fstat(): the cap on the read is what holds.
        raise InvalidInput(
            f"{path.name} is over the limit of {limit:,} bytes (TAILOR_MAX_UPLOAD_BYTES)"
        )
    return data


def read_text_file(path: Path) -> str:
    return decode_text(_read_bytes(path), path.name)


def read_resume_file(path: Path) -> tuple[str, str]:
    """The resume's text and content type; the extension is checked before the file is read."""
    check_extension(path.name)
    parsed = parse_resume_file(path.name, _read_bytes(path))
    return parsed.text, parsed.content_type
