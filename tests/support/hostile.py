"""Hostile files as an attacker would craft them: small on the wire, costly to parse."""

from __future__ import annotations

import io
import zipfile

import docx

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE w:document [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + f']>\n<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
    "</w:body></w:document>"
)


def _base_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Ana Lima, data engineer")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_with_document_xml(document_xml: bytes) -> bytes:
    """A real .docx whose word/document.xml is replaced by the given bytes."""
    source = zipfile.ZipFile(io.BytesIO(_base_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "word/document.xml":
                body = document_xml
            target.writestr(info.filename, body)
    return out.getvalue()


def many_paragraphs_docx(count: int = 100_000) -> bytes:
    """About 14 KB on the wire, 4.5 MB of XML: the probe's 35-second upload."""
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{_W}">'
        "<w:body>" + "<w:p/>" * count + "<w:p><w:r><w:t>Ana Lima</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    return docx_with_document_xml(xml.encode())


def unclosed_tag_docx() -> bytes:
    return docx_with_document_xml(
        f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>Ana</w:body>'.encode()
    )


def billion_laughs_docx() -> bytes:
    return docx_with_document_xml(BILLION_LAUGHS.encode())
