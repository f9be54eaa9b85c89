"""The Celery side of Tailor: `celery -A tailor_worker worker` finds `app` here."""

from tailor_worker.app import app

__all__ = ["app"]
