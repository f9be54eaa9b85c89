"""Choosing the tailoring engine by configuration (`TAILOR_ENGINE`)."""

from __future__ import annotations

import importlib
from functools import lru_cache

from tailor_core.errors import ConfigurationError
from tailor_core.jobs.processing import Engine

BUILT_IN = {
    "default": "tailor_core.engine:tailor_resume",
    "llm": "tailor_core.engine.llm:tailor_resume",
}


@lru_cache(maxsize=8)
def load_engine(name: str) -> Engine:
    """`default`, or `package.module:function` for a custom engine with the same signature."""
    target = BUILT_IN.get(name, name)
    module_name, _, attribute = target.partition(":")
    if not module_name or not attribute:
        raise ConfigurationError(
            f"TAILOR_ENGINE={name!r} is not valid: "
            "use 'default', 'llm' or 'package.module:function'"
        )
    try:
        engine = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as exc:
        raise ConfigurationError(f"TAILOR_ENGINE={name!r} cannot be loaded: {exc}") from exc
    if not callable(engine):
        raise ConfigurationError(f"TAILOR_ENGINE={name!r} is not a function")
    return engine  # type: ignore[no-any-return]
