"""Reading an uploaded resume or posting into text, refusing what cannot be read.

Resumes go through `tailor_core.parsing` (PDF, DOCX, Markdown, text, with the real type sniffed
from the bytes); postings are plain UTF-8 text.
"""

from __future__ import annotations

from pathlib import Path

from tailor_core.errors import InvalidInput
from tailor_core.parsing import ACCEPTED, parse_resume_file
from tailor_core.parsing.api import check_extension, check_size
from tailor_core.parsing.text import decode, normalize_newlines

__all__ = ["ACCEPTED", "content_type_for", "decode_text", "read_resume_file", "read_text_file"]


def content_type_for(filename: str) -> str:
    return check_extension(filename)[1]


def decode_text(data: bytes, filename: str) -> str:
    check_size(filename, len(data))
    text = decode(filename, data)
    if not text.strip():
        raise InvalidInput(f"{filename} is empty")
    return normalize_newlines(text)


def _read_bytes(path: Path) -> bytes:
    try:
        check_size(path.name, path.stat().st_size)
        return path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a directory, not a file") from None
    except PermissionError:
        raise InvalidInput(f"{path}: permission denied") from None


def read_text_file(path: Path) -> str:
    return decode_text(_read_bytes(path), path.name)


def read_resume_file(path: Path) -> tuple[str, str]:
    """The resume's text and content type; the extension is checked before the file is read."""
    check_extension(path.name)
    parsed = parse_resume_file(path.name, _read_bytes(path))
    return parsed.text, parsed.content_type
