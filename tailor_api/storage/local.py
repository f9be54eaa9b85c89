"""A local directory (or a shared mount): the default, under TAILOR_DATA_DIR/uploads."""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tailor_core.errors import ConfigurationError


@dataclass(frozen=True)
class LocalStorage:
    root: Path

    @classmethod
    def from_url(cls, url: str) -> LocalStorage:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in {"", "localhost"}:
            raise ConfigurationError(f"not a local storage URL: {url!r}")
        return cls(Path(unquote(parts.path)))

    def _path(self, url: str) -> Path:
        path = Path(unquote(urlsplit(url).path)).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValueError(f"{url} is outside the storage directory {self.root}")
        return path

    def put(self, key: str, data: bytes, content_type: str) -> str:
        target = self.root / key
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written aside, then renamed: a reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
        return target.resolve().as_uri()

    def get(self, url: str) -> bytes:
        return self._path(url).read_bytes()

    def delete(self, url: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._path(url).unlink()
