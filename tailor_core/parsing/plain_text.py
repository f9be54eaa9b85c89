"""Plain text and Markdown: strict UTF-8 (a BOM is allowed), one kind of line ending."""

from __future__ import annotations

import re

from tailor_core.errors import InvalidInput

# Control characters other than tab and line breaks confuse every later step (and PostgreSQL
# refuses NUL); PDF extraction in particular leaves form feeds and stray controls behind.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRAILING_SPACE_RE = re.compile(r"[ \t]+$", re.M)
_MANY_BLANKS_RE = re.compile(r"\n{3,}")


def decode(filename: str, data: bytes) -> str:
    if b"\x00" in data:
        raise InvalidInput(f"{filename} is binary, not text; export it as plain text or Markdown")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{filename} is not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8"
        ) from None


def normalize_newlines(body: str) -> str:
    return body.replace("\r\n", "\n").replace("\r", "\n")


def tidy(body: str) -> str:
    """One line-ending style, no control characters, no trailing spaces or runs of blank lines.

    Extractors (PDF above all) emit ragged whitespace; tidying it once at upload means the
    engine and every later job see the same clean text.
    """
    cleaned = _CONTROL_RE.sub(" ", normalize_newlines(body))
    cleaned = _MANY_BLANKS_RE.sub("\n\n", _TRAILING_SPACE_RE.sub("", cleaned))
    return cleaned.strip("\n") + "\n"
