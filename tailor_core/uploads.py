"""Reading an uploaded resume or posting into text, refusing what is not text."""

from __future__ import annotations

from pathlib import Path

from tailor_core.errors import InvalidInput
from tailor_core.settings import get_settings

TEXT_TYPES = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
}
ACCEPTED = "plain text (.txt) or Markdown (.md)"


def content_type_for(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix not in TEXT_TYPES:
        raise InvalidInput(
            f"{filename}: {suffix or 'no extension'} files are not accepted yet; "
            f"export the resume as {ACCEPTED}"
        )
    return TEXT_TYPES[suffix]


def decode_text(data: bytes, filename: str) -> str:
    limit = get_settings().max_upload_bytes
    if len(data) > limit:
        raise InvalidInput(
            f"{filename} is {len(data):,} bytes; the limit is {limit:,} (TAILOR_MAX_UPLOAD_BYTES)"
        )
    if b"\x00" in data:
        raise InvalidInput(f"{filename} is binary, not text; export it as {ACCEPTED}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{filename} is not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8"
        ) from None
    if not text.strip():
        raise InvalidInput(f"{filename} is empty")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text_file(path: Path) -> str:
    limit = get_settings().max_upload_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            raise InvalidInput(
                f"{path.name} is {size:,} bytes; the limit is {limit:,} (TAILOR_MAX_UPLOAD_BYTES)"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a directory, not a file") from None
    except PermissionError:
        raise InvalidInput(f"{path}: permission denied") from None
    return decode_text(data, path.name)


def read_resume_file(path: Path) -> tuple[str, str]:
    """The resume's text and content type."""
    content_type = content_type_for(path.name)
    return read_text_file(path), content_type
