"""A tailored resume (Markdown-ish text) as DOCX or PDF, with python-docx and fpdf2: no browser.

PDF fonts: the PDF core fonts only cover Latin-1, so for names like "Nguyễn" a Unicode TTF is
needed. Tailor ships none; it uses DejaVu Sans when the system has it (Debian/Ubuntu
fonts-dejavu-core, present on most Linux machines and installable in the image), and otherwise
falls back to Helvetica, keeping every Latin-1 character ("Sánchez" is fine) and writing other
characters without their accents, or "?" when nothing is left.
"""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import docx
from fpdf import FPDF

from tailor_core.engine.read_resume.layout import BULLET_RE, is_heading

FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts/dejavu"),
    Path("/Library/Fonts"),
)
_MARKDOWN_HEADING_RE = re.compile(r"\s{0,3}(#{1,6})\s+")
_EMPHASIS_RE = re.compile(r"(\*\*|__)(.+?)\1")


def _blocks(text: str) -> list[tuple[str, int, str]]:
    """(kind, level, text) per non-blank line: kind is heading, bullet or text."""
    blocks: list[tuple[str, int, str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        markdown = _MARKDOWN_HEADING_RE.match(line)
        clean = _EMPHASIS_RE.sub(r"\2", line)
        if markdown:
            blocks.append(("heading", len(markdown.group(1)), clean[markdown.end() :].strip()))
        elif is_heading(line):
            blocks.append(("heading", 2, clean.strip().rstrip(":")))
        elif bullet := BULLET_RE.match(line):
            blocks.append(("bullet", 0, clean[bullet.end() :].strip()))
        else:
            blocks.append(("text", 0, clean.strip()))
    return blocks


def to_markdown(text: str) -> bytes:
    return text.encode("utf-8")


def to_docx(text: str) -> bytes:
    document = docx.Document()
    for kind, level, content in _blocks(text):
        if kind == "heading":
            document.add_heading(content, level=min(level, 4))
        elif kind == "bullet":
            document.add_paragraph(content, style="List Bullet")
        else:
            document.add_paragraph(content)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def unicode_font() -> Path | None:
    for folder in FONT_CANDIDATES:
        candidate = folder / "DejaVuSans.ttf"
        if candidate.is_file():
            return candidate
    return None


def to_pdf(text: str, font: Path | None = None) -> bytes:
    font = font or unicode_font()
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    if font is not None:
        pdf.add_font("Body", "", str(font))
        family, encode = "Body", _as_is
    else:
        family, encode = "Helvetica", _latin1
    for kind, level, content in _blocks(text):
        if kind == "heading":
            pdf.set_font(family, size=16 if level == 1 else 13)
            pdf.ln(2)
            pdf.multi_cell(0, 8, encode(content), new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font(family, size=10.5)
            body = (
                ("\u2022 " if font is not None else "- ") + content if kind == "bullet" else content
            )
            pdf.multi_cell(0, 5.5, encode(body), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _as_is(text: str) -> str:
    return text


def _latin1(text: str) -> str:
    out: list[str] = []
    for char in text:
        if ord(char) < 256:
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
        out.append(base or {"\u2013": "-", "\u2014": "-", "\u2022": "-"}.get(char, "?"))
    return "".join(out)


EXPORTERS = {"md": to_markdown, "docx": to_docx, "pdf": to_pdf}
