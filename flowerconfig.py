"""Kept for `--conf=flowerconfig.py`; the settings live in tailor_worker/flowerconfig.py.

`celery -A tailor_worker flower` reads the packaged file from any directory (tailor_worker.app).
"""

from __future__ import annotations

from tailor_worker.flowerconfig import *  # noqa: F403
