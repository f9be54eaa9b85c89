"""Parsing uploads: PDF, DOCX, Markdown, text; every bad file refused with a specific message."""

from __future__ import annotations

import contextlib
import functools
import io
import zipfile
from collections.abc import Iterator

import docx
import pytest
from fpdf import FPDF
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from tailor_core.errors import InvalidInput
from tailor_core.jobs.exporting import to_docx, to_pdf
from tailor_core.parsing import parse_resume_file
from tests.support.settings import settings_env

RESUME = "# José Sánchez\njose@example.com\n\n## Experience\n- Built React apps in TypeScript\n"


@functools.cache
def text_pdf(text: str) -> bytes:
    return to_pdf(text)


def image_only_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 100, 100, style="F")  # what a scan looks like to a text extractor
    return bytes(pdf.output())


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(RESUME))))
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def small_limit() -> Iterator[None]:
    with settings_env(TAILOR_MAX_UPLOAD_BYTES="100"):
        yield


def test_pdf_text_is_extracted_with_non_ascii_names() -> None:
    parsed = parse_resume_file("cv.pdf", text_pdf(RESUME))
    assert parsed.content_type == "application/pdf"
    assert "José Sánchez" in parsed.text
    assert "Built React apps in TypeScript" in parsed.text


def test_docx_paragraphs_headings_and_bullets() -> None:
    parsed = parse_resume_file("cv.docx", to_docx(RESUME))
    assert parsed.content_type.endswith("wordprocessingml.document")
    assert parsed.text.splitlines()[0] == "## José Sánchez"
    assert "- Built React apps in TypeScript" in parsed.text.splitlines()


def test_docx_tables_are_read() -> None:
    document = docx.Document()
    document.add_paragraph("Ana Lima")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Skills"
    table.rows[0].cells[1].text = "Python, SQL"
    buffer = io.BytesIO()
    document.save(buffer)
    assert "Python, SQL" in parse_resume_file("cv.docx", buffer.getvalue()).text


@pytest.mark.parametrize(("name", "kind"), [("cv.md", "text/markdown"), ("cv.txt", "text/plain")])
def test_text_and_markdown(name: str, kind: str) -> None:
    parsed = parse_resume_file(name, "\ufeffA\r\nB  \r\n\r\n\r\n\r\nC\x0c".encode())
    assert parsed == type(parsed)("A\nB\n\nC\n", kind)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("cv.pdf", b"", "is empty"),
        ("cv.txt", b"  \n ", "is empty"),
        ("cv.pdf", b"%PDF-1.7\n1 0 obj garbage", "not a readable PDF"),
        ("cv.pdf", b"just text in a pdf name", "named like a PDF but holds text"),
        ("cv.docx", b"%PDF-1.4 fake", "named like a Word .docx document but holds a PDF"),
        ("cv.txt", b"%PDF-1.4 fake", "named like text but holds a PDF"),
        ("cv.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "old Word .doc"),
        ("cv.md", b"abc\xff", "not UTF-8 text"),
        ("cv.md", b"a\x00b", "binary file"),
        ("cv.doc", b"x", ".doc files are not accepted"),
        ("cv", b"x", "no extension files are not accepted"),
    ],
)
def test_bad_files_get_specific_errors(name: str, data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as raised:
        parse_resume_file(name, data)
    assert "\n" not in raised.value.message


def test_a_zip_that_is_not_a_word_document() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<x/>")
    with pytest.raises(InvalidInput, match="holds a zip archive"):
        parse_resume_file("cv.docx", buffer.getvalue())


def test_scanned_pdf_is_refused_with_advice() -> None:
    with pytest.raises(InvalidInput, match=r"no extractable text.*scanned image.*text-based"):
        parse_resume_file("scan.pdf", image_only_pdf())


def test_encrypted_pdf_is_refused() -> None:
    with pytest.raises(InvalidInput, match="password-protected"):
        parse_resume_file("locked.pdf", encrypted_pdf())


def test_truncated_pdf_is_refused() -> None:
    data = text_pdf(RESUME)
    with pytest.raises(InvalidInput):
        parse_resume_file("cut.pdf", data[: len(data) // 3])


def test_over_the_size_limit(small_limit: None) -> None:
    with pytest.raises(InvalidInput, match="TAILOR_MAX_UPLOAD_BYTES"):
        parse_resume_file("cv.md", b"x" * 101)


@settings(max_examples=150, deadline=None, database=None)
@given(data=st.binary(max_size=2048), name=st.sampled_from(["a.pdf", "a.docx", "a.md", "a.txt"]))
def test_any_bytes_give_text_or_invalid_input(data: bytes, name: str) -> None:
    try:
        parsed = parse_resume_file(name, data)
    except InvalidInput as error:
        message = error.message
    else:
        message = ""
        assert parsed.text.strip()
        assert "\x00" not in parsed.text
    assert "Traceback" not in message


@settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(prefix=st.binary(max_size=64), cut=st.integers(min_value=1, max_value=400))
def test_damaged_pdfs_never_crash(prefix: bytes, cut: int) -> None:
    data = text_pdf(RESUME)
    damaged = data[:cut] + prefix + data[cut + len(prefix) :]
    with contextlib.suppress(InvalidInput):
        parse_resume_file("cv.pdf", damaged)
