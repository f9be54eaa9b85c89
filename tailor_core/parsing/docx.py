"""Word .docx text through python-docx: paragraphs in order, then tables, bullets kept."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError

from tailor_core.errors import InvalidInput

# Word keeps list bullets in numbering definitions, not in the text; a paragraph in a list
# style gets a "- " so the engine still sees a bullet.
_LIST_STYLE_HINTS = ("list", "bullet")
# The uncompressed document part of a real resume is well under this; more is a zip bomb.
_MAX_XML_BYTES = 50 * 1024 * 1024


def extract_text(filename: str, data: bytes) -> str:
    _check_uncompressed_size(filename, data)
    try:
        document = docx.Document(io.BytesIO(data))
        lines = _paragraph_lines(document) + _table_lines(document)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InvalidInput(
            f"{filename} is not a readable Word document ({type(exc).__name__}); "
            "save it again as .docx from your editor"
        ) from None
    body = "\n".join(lines)
    if not any(char.isalnum() for char in body):
        raise InvalidInput(
            f"{filename} has no text (it may hold only images); upload a text-based resume"
        )
    return body


def _check_uncompressed_size(filename: str, data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InvalidInput(f"{filename} is a damaged Word document; save it again") from None
    if total > _MAX_XML_BYTES:
        raise InvalidInput(f"{filename} unpacks to {total:,} bytes, too large for a resume")


def _paragraph_lines(document: Document) -> list[str]:
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if text and any(hint in style.casefold() for hint in _LIST_STYLE_HINTS):
            text = f"- {text}"
        elif text and style.casefold().startswith("heading"):
            text = f"## {text}"
        lines.append(text)
    return lines


def _table_lines(document: Document) -> list[str]:
    # Two-column resume templates put whole sections in table cells.
    lines: list[str] = []
    for table in document.tables:
        for row in table.rows:
            cells: list[str] = []
            for cell in row.cells:
                value = cell.text.strip()
                if value and value not in cells:  # merged cells repeat their text
                    cells.append(value)
            if cells:
                lines.extend(["", *cells])
    return lines
