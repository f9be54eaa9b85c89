"""How `make test` hands tests to its xdist workers (`--dist loadscope`).

Tests go out a module at a time, so a module-scoped fixture (an API server, a worker fleet) starts
once, not once per worker; the security tier and tests/e2e/api go out whole, since each one's
package-scoped live stack costs an API process and a Celery worker to start. Collection order
is kept: the slow end-to-end modules come first, and the quick unit tier fills the workers' last
minutes.
"""

from __future__ import annotations

from xdist.scheduler import LoadScopeScheduling

# Folders handed to one worker as a single unit (their fixtures are package-scoped).
WHOLE_PACKAGES = ("tests/security/", "tests/e2e/api/")


class TailorScheduling(LoadScopeScheduling):
    def _split_scope(self, nodeid: str) -> str:
        for package in WHOLE_PACKAGES:
            if nodeid.startswith(package):
                return package
        # The module: classes of one module share its fixtures as well.
        return nodeid.split("::", 1)[0]
