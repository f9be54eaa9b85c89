"""The one entry point: a file name and its bytes in, text and its real content type out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from tailor_core.errors import InvalidInput, UnsupportedFile
from tailor_core.parsing import docx, pdf, plain_text
from tailor_core.parsing.sniff import Sniffed, sniff
from tailor_core.settings import get_settings

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Extension -> (the kind of bytes it must hold, the content type stored with the resume).
EXTENSIONS: dict[str, tuple[Sniffed, str]] = {
    ".pdf": (Sniffed.PDF, PDF_TYPE),
    ".docx": (Sniffed.DOCX, DOCX_TYPE),
    ".txt": (Sniffed.TEXT, "text/plain"),
    ".text": (Sniffed.TEXT, "text/plain"),
    ".md": (Sniffed.TEXT, "text/markdown"),
    ".markdown": (Sniffed.TEXT, "text/markdown"),
}
ACCEPTED = "PDF (.pdf), Word (.docx), Markdown (.md) or plain text (.txt)"
_NAMES = {
    Sniffed.PDF: "a PDF",
    Sniffed.DOCX: "a Word .docx document",
    Sniffed.ZIP: "a zip archive",
    Sniffed.OLE: "an old Word .doc (or other Office 97) file",
    Sniffed.BINARY: "a binary file",
    Sniffed.TEXT: "text",
}


@dataclass(frozen=True)
class ParsedResume:
    text: str
    content_type: str


def check_extension(filename: str) -> tuple[Sniffed, str]:
    suffix = PurePath(filename).suffix.lower()
    if suffix not in EXTENSIONS:
        raise UnsupportedFile(
            f"{filename}: {suffix or 'no extension'} files are not accepted; "
            f"export the resume as {ACCEPTED}"
        )
    return EXTENSIONS[suffix]


def check_size(filename: str, size: int) -> None:
    limit = get_settings().max_upload_bytes
    if size > limit:
        raise InvalidInput(
            f"{filename} is {size:,} bytes; the limit is {limit:,} (TAILOR_MAX_UPLOAD_BYTES)"
        )


def parse_resume_file(filename: str, data: bytes) -> ParsedResume:
    """Text and content type of an uploaded resume, or InvalidInput saying what is wrong."""
    expected, content_type = check_extension(filename)
    check_size(filename, len(data))
    if not data.strip():
        raise InvalidInput(f"{filename} is empty")
    actual = sniff(data)
    if actual is not expected:
        raise InvalidInput(
            f"{filename} is named like {_NAMES[expected]} but holds {_NAMES[actual]}; "
            f"export the resume again as {ACCEPTED}"
        )
    if actual is Sniffed.PDF:
        body = pdf.extract_text(filename, data)
    elif actual is Sniffed.DOCX:
        body = docx.extract_text(filename, data)
    else:
        body = plain_text.decode(filename, data)
    tidied = plain_text.tidy(body)
    if not tidied.strip():
        raise InvalidInput(f"{filename} is empty (it holds only spaces or control characters)")
    return ParsedResume(text=tidied, content_type=content_type)
