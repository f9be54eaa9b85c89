"""Changing Tailor's settings for one test, without leaking them into the next."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from tailor_core.settings import Settings, get_settings


@contextmanager
def settings_env(**values: str) -> Iterator[Settings]:
    """These environment variables inside the block, their old values after it. The cached
    settings are dropped on both sides: get_settings() reads the environment only once."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    get_settings.cache_clear()
    try:
        yield get_settings()
    finally:
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old
        get_settings.cache_clear()
