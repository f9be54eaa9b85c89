"""A package's re-exports of one of its modules, loaded on first use (PEP 562).

tailor_core.jobs, .users and .resumes re-export the original design's functions from their
`crud` module; importing `crud` brings the ORM, which the fast read commands must not load.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Collection


def lazy_exports(package: str, module: str, names: Collection[str]) -> Callable[[str], object]:
    """The package's module-level `__getattr__`: `names` come from `package.module` when
    first asked for."""

    def load(name: str) -> object:
        if name in names:
            return getattr(importlib.import_module(f"{package}.{module}"), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return load
