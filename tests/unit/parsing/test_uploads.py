"""Reading uploaded resumes: only text gets through, and every refusal says what to do."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tailor_core.errors import InvalidInput
from tailor_core.parsing.uploads import decode_text, read_resume_file, read_text_file
from tailor_core.settings import get_settings
from tests.support.settings import settings_env


@pytest.fixture
def small_limit() -> Iterator[int]:
    """TAILOR_MAX_UPLOAD_BYTES=100 for one test."""
    with settings_env(TAILOR_MAX_UPLOAD_BYTES="100") as settings:
        assert settings.max_upload_bytes == 100
        yield 100


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- decode_text ---------------------------------------------------------------------------


def test_decode_plain_utf8() -> None:
    assert decode_text("Zoë — Ingénieure\n".encode(), "r.txt") == "Zoë — Ingénieure\n"


def test_decode_normalises_line_endings() -> None:
    assert decode_text(b"a\r\nb\rc\n", "r.txt") == "a\nb\nc\n"


def test_decode_strips_the_bom() -> None:
    assert decode_text(b"\xef\xbb\xbfHello\r\n", "r.txt") == "Hello\n"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n"])
def test_decode_refuses_empty(data: bytes) -> None:
    with pytest.raises(InvalidInput, match=r"r\.txt is empty"):
        decode_text(data, "r.txt")


@pytest.mark.parametrize("data", [b"\xef\xbb\xbf", b"\xef\xbb\xbf \r\n"])
def test_decode_refuses_a_file_holding_only_a_bom(data: bytes) -> None:
    # A BOM is an encoding marker, not content: what is left is an empty resume.
    with pytest.raises(InvalidInput, match="empty"):
        decode_text(data, "r.txt")


def test_decode_refuses_nul_bytes() -> None:
    with pytest.raises(InvalidInput, match="binary, not text"):
        decode_text(b"hello\x00world", "r.txt")


def test_decode_refuses_invalid_utf8() -> None:
    with pytest.raises(InvalidInput, match=r"not UTF-8 text \(bad byte at offset 3\)"):
        decode_text(b"abc\xff\xfedef", "r.txt")


def test_decode_refuses_latin1() -> None:
    with pytest.raises(InvalidInput, match="save it as UTF-8"):
        decode_text("Zoë".encode("latin-1"), "r.txt")


def test_decode_refuses_over_the_limit(small_limit: int) -> None:
    decode_text(b"x" * small_limit, "r.txt")
    with pytest.raises(InvalidInput, match="TAILOR_MAX_UPLOAD_BYTES"):
        decode_text(b"x" * (small_limit + 1), "r.txt")


def test_limit_is_back_to_default_after_the_fixture() -> None:
    assert get_settings().max_upload_bytes == 10 * 1024 * 1024


# --- read_text_file / read_resume_file -----------------------------------------------------


def test_read_text_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "cv.txt", b"\xef\xbb\xbfLine one\r\nLine two\r\n")
    assert read_text_file(path) == "Line one\nLine two\n"


def test_read_text_file_missing(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no such file"):
        read_text_file(tmp_path / "nope.txt")


def test_read_text_file_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(InvalidInput, match="is a directory"):
        read_text_file(folder)


def test_read_text_file_empty(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="empty"):
        read_text_file(_write(tmp_path, "cv.txt", b""))


def test_read_text_file_nul(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="binary"):
        read_text_file(_write(tmp_path, "cv.txt", b"%PDF\x00\x01"))


def test_read_text_file_invalid_utf8(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="not UTF-8"):
        read_text_file(_write(tmp_path, "cv.txt", b"\xc3\x28 broken"))


def test_read_text_file_over_the_limit(tmp_path: Path, small_limit: int) -> None:
    read_text_file(_write(tmp_path, "ok.txt", b"y" * small_limit))
    with pytest.raises(InvalidInput, match=r"big\.txt is 101 bytes"):
        read_text_file(_write(tmp_path, "big.txt", b"y" * (small_limit + 1)))


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("cv.txt", "text/plain"),
        ("CV.TXT", "text/plain"),
        ("cv.text", "text/plain"),
        ("cv.md", "text/markdown"),
        ("cv.markdown", "text/markdown"),
    ],
)
def test_read_resume_file_accepts_text_and_markdown(
    tmp_path: Path, name: str, content_type: str
) -> None:
    path = _write(tmp_path, name, b"# Alex\r\nPython\r\n")
    assert read_resume_file(path) == ("# Alex\nPython\n", content_type)


@pytest.mark.parametrize("name", ["cv.doc", "cv.rtf", "cv"])
def test_read_resume_file_refuses_other_types(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path, name, b"plain enough")
    with pytest.raises(InvalidInput) as caught:
        read_resume_file(path)
    message = caught.value.message
    assert "export the resume as" in message
    assert ".txt" in message
    assert ".md" in message
    assert "Markdown" in message


def test_read_resume_file_checks_the_extension_before_reading(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"\.doc files are not accepted"):
        read_resume_file(tmp_path / "missing.doc")


def test_read_resume_file_missing_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no such file"):
        read_resume_file(tmp_path / "missing.md")
    (tmp_path / "dir.md").mkdir()
    with pytest.raises(InvalidInput, match="is a directory"):
        read_resume_file(tmp_path / "dir.md")
