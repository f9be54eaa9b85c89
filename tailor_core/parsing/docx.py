"""Word .docx text through python-docx: paragraphs in order, then tables, bullets kept.

Before python-docx builds its object model, every XML part is streamed once through a bounded
scan: at most MAX_XML_PART_BYTES per part (counted as decompressed, never trusting the zip's
declared sizes), MAX_PARAGRAPHS paragraphs in all, no DTD or entity declaration (Word never
writes one; it is how "billion laughs" expansions start) and well-formed XML. The limits stop
the scan as soon as they are passed, so a 14 KB file holding 100,000 empty paragraphs costs a
fraction of a second, not a full parse.
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from tailor_core.errors import InvalidInput

# Word keeps list bullets in numbering definitions, not in the text; a paragraph in a list
# style gets a "- " so the engine still sees a bullet.
_LIST_STYLE_HINTS = ("list", "bullet")
# The whole unpacked package (images included) of a real resume is well under this.
_MAX_XML_BYTES = 50 * 1024 * 1024
# A long resume has a few hundred paragraphs (table cells included); 5,000 is 50+ pages.
MAX_PARAGRAPHS = 5_000
# document.xml of a long resume is a few hundred KB; each XML part may hold at most this.
MAX_XML_PART_BYTES = 8 * 1024 * 1024
# A .docx has a few dozen parts; thousands of entries is an archive, not a document.
MAX_PARTS = 1_000
_PARAGRAPH = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"


def extract_text(filename: str, data: bytes) -> str:
    _check_package(filename, data)
    try:
        document = docx.Document(io.BytesIO(data))
        lines = _paragraph_lines(document) + _table_lines(document)
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        etree.LxmlError,
    ) as exc:
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


def _check_package(filename: str, data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_PARTS:
                raise InvalidInput(
                    f"{filename} holds {len(infos):,} parts; a Word document has a few dozen"
                )
            total = sum(info.file_size for info in infos)
            if total > _MAX_XML_BYTES:
                raise InvalidInput(f"{filename} unpacks to {total:,} bytes, too large for a resume")
            paragraphs = 0
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    paragraphs += _scan_part(filename, archive, info, MAX_PARAGRAPHS - paragraphs)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise InvalidInput(f"{filename} is a damaged Word document; save it again") from None


def _scan_part(filename: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, left: int) -> int:
    """The part's paragraph count; refuses it past the limits while reading, not after."""
    with archive.open(info) as member:
        # The declared size may lie: read at most one byte past the limit.
        body = member.read(MAX_XML_PART_BYTES + 1)
    if len(body) > MAX_XML_PART_BYTES:
        raise InvalidInput(
            f"{filename}: {info.filename} is over {MAX_XML_PART_BYTES:,} bytes of XML, "
            "too large for a resume"
        )
    if b"<!DOCTYPE" in body or b"<!ENTITY" in body:
        raise InvalidInput(
            f"{filename}: {info.filename} declares XML entities, which Word never writes; "
            "save the resume again as .docx from your editor"
        )
    count = 0
    try:
        for _, element in etree.iterparse(
            io.BytesIO(body),
            events=("end",),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        ):
            if element.tag == _PARAGRAPH:
                count += 1
                if count > left:
                    raise InvalidInput(
                        f"{filename} has more than {MAX_PARAGRAPHS:,} paragraphs; "
                        "a resume has a few hundred"
                    )
            # Finished elements are dropped so the scan's memory stays flat.
            element.clear(keep_tail=True)
    except etree.LxmlError:
        raise InvalidInput(
            f"{filename}: {info.filename} is malformed XML (a damaged Word document); "
            "save it again as .docx from your editor"
        ) from None
    return count


def _paragraph_lines(document: Document) -> list[str]:
    # One lookup table for style names: python-docx resolves a paragraph's style by searching
    # the styles part each time, which made large documents quadratic.
    names = {
        style.style_id: style.name or ""
        for style in document.styles
        if style.type == WD_STYLE_TYPE.PARAGRAPH
    }
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    default_name = (default.name or "") if default is not None else ""
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        style_id = paragraph._p.style
        style = names.get(style_id, default_name) if style_id is not None else default_name
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
