"""What a file really is, from its first bytes: extensions lie, magic numbers rarely do."""

from __future__ import annotations

import enum
import io
import zipfile


class Sniffed(enum.Enum):
    PDF = "pdf"
    DOCX = "docx"
    ZIP = "zip"  # a zip that is not a Word document (e.g. .xlsx, .odt, a renamed archive)
    OLE = "ole"  # Office 97-2003 (.doc, .xls): python-docx cannot read it
    BINARY = "binary"
    TEXT = "text"


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Readers accept a PDF header anywhere in the first kilobyte (some generators prepend junk).
_PDF_WINDOW = 1024


def sniff(data: bytes) -> Sniffed:
    if b"%PDF-" in data[:_PDF_WINDOW]:
        return Sniffed.PDF
    if data.startswith(b"PK\x03\x04"):
        return Sniffed.DOCX if _is_docx(data) else Sniffed.ZIP
    if data.startswith(_OLE_MAGIC):
        return Sniffed.OLE
    if b"\x00" in data[:8192]:
        return Sniffed.BINARY
    return Sniffed.TEXT


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
