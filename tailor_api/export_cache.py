"""Rendered exports kept per job, so the 5-9 s PDF of a long resume is rendered once.

A COMPLETED job's text never changes, so the file for (job, format, text) never does either.
The key also holds a hash of the text and EXPORT_VERSION (bump it when tailor_core.jobs.exporting
changes its output), so a stale file can never be served. The cache is in memory, bounded by
bytes (least recently used out first), per API process: nothing of a deleted job outlives it
on disk, and the route checks ownership before it asks the cache. Concurrent requests for the
same file wait for one rendering instead of each starting their own.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable

EXPORT_VERSION = "1"
MAX_CACHE_BYTES = 64 * 1024 * 1024

_lock = threading.Lock()
_files: OrderedDict[tuple[int, str, str], bytes] = OrderedDict()
_size = 0
_rendering: dict[tuple[int, str, str], threading.Lock] = {}


def cached_render(
    job_id: int, format_: str, text: str, render: Callable[[], bytes]
) -> tuple[bytes, bool]:
    """The file and whether it came from the cache (True) or was rendered now (False)."""
    key = (job_id, format_, f"{EXPORT_VERSION}:{hashlib.sha256(text.encode()).hexdigest()}")
    with _lock:
        if key in _files:
            _files.move_to_end(key)
            return _files[key], True
        single = _rendering.setdefault(key, threading.Lock())
    try:
        with single:
            with _lock:
                if key in _files:
                    return _files[key], True
            data = render()
            _store(key, data)
    finally:
        with _lock:
            _rendering.pop(key, None)
    return data, False


def _store(key: tuple[int, str, str], data: bytes) -> None:
    global _size
    with _lock:
        if len(data) > MAX_CACHE_BYTES // 4:
            return
        _files[key] = data
        _size += len(data)
        while _size > MAX_CACHE_BYTES:
            _, dropped = _files.popitem(last=False)
            _size -= len(dropped)
