"""HTTP request count and latency, by method, route template and status (ASGI middleware).

The route is the template FastAPI matched (`/v1/jobs/{job_id}`), never the raw path, so a
client walking ids cannot create a time series per id; a path no route matches is `unmatched`.
These live in the API process (prometheus_client), like any web server's: each replica is its
own Prometheus target. `tailor api --workers N` puts them in prometheus_client's multiprocess
mode so that the N processes answer /metrics as one.
"""

from __future__ import annotations

import time

from prometheus_client import Counter, Histogram
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LABELS = ("method", "route", "status")
UNMATCHED = "unmatched"
# Any other token a client sends as a method is labelled "other": labels stay bounded.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

# registry=None: registered by tailor_api.metrics.build_registry, or read from the multiprocess
# directory, never in the global default registry (several apps may live in one test process).
REQUESTS = Counter(
    "tailor_http_requests", "HTTP requests answered, by route template.", LABELS, registry=None
)
LATENCY = Histogram(
    "tailor_http_request_duration_seconds",
    "Time from a request's arrival to the end of its response.",
    LABELS,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=None,
)


def _route(scope: Scope) -> str:
    # Starlette's router writes the matched route into the request's scope.
    route = scope.get("route")
    path = getattr(route, "path", None) if isinstance(route, BaseRoute) else None
    return path if isinstance(path, str) else UNMATCHED


class RequestMetrics:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # if the app raises before it answers, the client gets a 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            method = scope["method"] if scope["method"] in METHODS else "other"
            labels = (method, _route(scope), str(status))
            REQUESTS.labels(*labels).inc()
            LATENCY.labels(*labels).observe(time.perf_counter() - started)
