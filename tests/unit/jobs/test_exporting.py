"""Exports of a tailored resume (tailor_core.jobs.exporting): PDF and DOCX that read back alike."""

from __future__ import annotations

import io

import docx
import pytest
from pypdf import PdfReader

from tailor_core.engine import tailor_resume
from tailor_core.jobs.exporting import to_docx, to_pdf
from tests.support.eval_cases import load


def test_exports_reparse_with_the_name() -> None:
    resume, posting, _ = load("09-frontend-developer")
    text = tailor_resume(resume, posting).tailored_text
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(to_pdf(text))).pages)
    assert "José Sánchez" in pdf_text
    assert "JavaScript" in pdf_text
    paragraphs = [p.text for p in docx.Document(io.BytesIO(to_docx(text))).paragraphs]
    assert paragraphs[0] == "José Sánchez"
    assert "Built React apps in JavaScript (JS) and TypeScript" in paragraphs


def test_pdf_without_a_unicode_font_keeps_latin1(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tailor_core.jobs.exporting.FONT_CANDIDATES", ())
    data = to_pdf("# José Sánchez\nNguyễn — ok\n")
    extracted = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "José Sánchez" in extracted
    assert "Nguyen - ok" in extracted
