"""Sample resume and posting used by `tailor demo` and the examples."""

from __future__ import annotations

from importlib.resources import files


def sample_text(name: str) -> str:
    return files(__name__).joinpath(name).read_text(encoding="utf-8")
