from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Protocol


class Storage(Protocol):
    def put(self, key: str, data: bytes, content_type: str) -> str:
        """Store the bytes under `key`; returns the URL kept in resumes.file_path."""

    def get(self, url: str) -> bytes: ...

    def delete(self, url: str) -> None:
        """Remove the object; a missing one is not an error."""


def object_key(user_id: int, filename: str) -> str:
    # A fresh name per upload: two uploads of "resume.pdf" never overwrite each other, and the
    # person's file name (which may hold anything) never becomes part of a path.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"resumes/{user_id}/{uuid.uuid4().hex}{suffix}"
