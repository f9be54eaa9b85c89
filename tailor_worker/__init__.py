"""The Celery side of Tailor: `celery -A tailor_worker worker` finds `app` here.

The app is imported on first use, not with the package: the `tailor` CLI (tailor_cli) imports
modules of this package, such as the publisher, and most of its commands never touch Celery
(bench/cli_startup.py).
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

__all__ = ["app"]


class _Package(ModuleType):
    @property
    def app(self) -> Any:
        from tailor_worker.app import app

        return app

    @app.setter
    def app(self, _module: Any) -> None:
        # Importing the submodule tailor_worker.app binds it here; `tailor_worker.app` must stay
        # the Celery app, which is what `celery -A tailor_worker` looks for.
        pass


sys.modules[__name__].__class__ = _Package
