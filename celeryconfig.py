"""Celery settings, as the design card asks, at the repository's top level.

They live in the package (tailor_worker/celeryconfig.py) so that `celery -A tailor_worker ...`
works from any directory and no generic `celeryconfig` module is installed into site-packages.
"""

from __future__ import annotations

from tailor_worker.celeryconfig import *  # noqa: F403
