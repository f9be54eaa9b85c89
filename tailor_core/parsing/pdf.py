"""PDF text through pypdf, with a clear refusal for encrypted, corrupt and scanned files."""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from tailor_core.errors import InvalidInput

# A page of real text yields hundreds of letters; a scanned page yields none, or a handful of
# stray marks from an invisible OCR layer. Below this many letters per page it is an image.
_MIN_LETTERS_PER_PAGE = 20
# Enough to read any real resume; a 2,000-page "resume" is a decompression bomb, not a CV.
MAX_PAGES = 50


def extract_text(filename: str, data: bytes) -> str:
    with _quiet_pypdf():
        return _extract(filename, data)


def _extract(filename: str, data: bytes) -> str:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise InvalidInput(
                f"{filename} is a password-protected (encrypted) PDF; remove the password "
                "or export an unprotected copy"
            )
        # The page tree's declared count first: flattening a page-tree bomb is the costly part.
        declared = _declared_pages(reader)
        if declared > MAX_PAGES:
            raise InvalidInput(f"{filename} has {declared} pages; the limit is {MAX_PAGES}")
        pages = reader.pages
        if len(pages) > MAX_PAGES:
            raise InvalidInput(f"{filename} has {len(pages)} pages; the limit is {MAX_PAGES}")
        texts = [page.extract_text() or "" for page in pages]
    except InvalidInput:
        raise
    # pypdf raises its own errors for broken structure, but malformed streams surface as
    # ValueError, KeyError, struct errors and friends: all mean "this is not a readable PDF".
    except Exception as exc:
        raise InvalidInput(
            f"{filename} is not a readable PDF (it may be corrupt or truncated: "
            f"{type(exc).__name__}); export it again from your editor"
        ) from None
    body = "\n\n".join(texts)
    letters = sum(char.isalpha() for char in body)
    if not pages or letters < _MIN_LETTERS_PER_PAGE * len(pages):
        raise InvalidInput(
            f"{filename} has no extractable text (it looks like a scanned image); export a "
            "text-based PDF from your editor, or upload the resume as .docx, .md or .txt"
        )
    return body


def _declared_pages(reader: PdfReader) -> int:
    root = reader.trailer["/Root"].get_object()
    pages = root["/Pages"].get_object() if isinstance(root, DictionaryObject) else None
    count = pages.get("/Count", 0) if isinstance(pages, DictionaryObject) else 0
    return int(count) if isinstance(count, int) else 0


class _quiet_pypdf:  # noqa: N801 - used like a function, as a context manager
    """pypdf logs warnings about sloppy-but-readable files; they are not the person's problem."""

    def __enter__(self) -> None:
        self._logger = logging.getLogger("pypdf")
        self._level = self._logger.level
        self._logger.setLevel(logging.ERROR)

    def __exit__(self, *exc: object) -> None:
        self._logger.setLevel(self._level)
