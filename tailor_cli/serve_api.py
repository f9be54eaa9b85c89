from __future__ import annotations

import os
import tempfile
from contextlib import ExitStack
from typing import Any

import click

from tailor_core.settings import get_settings

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"


@click.command("api")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="uvicorn worker processes (or run several replicas behind a proxy).",
)
def api(host: str, port: int, workers: int) -> None:
    """Serve the HTTP API (OpenAPI at /docs and /openapi.json) with uvicorn."""
    try:
        import uvicorn  # imported here: the other commands need not load the web stack
    except ImportError:
        raise click.ClickException(
            "the HTTP API is not installed: pip install 'tailor-resume-backend[api]'"
        ) from None

    with ExitStack() as cleanup:
        if workers > 1 and not os.environ.get(MULTIPROCESS_DIR):
            # prometheus-client's multiprocess mode, so /metrics answers for every worker process
            # (each writes its HTTP metrics there): a fresh directory each run, as it requires.
            directory = cleanup.enter_context(tempfile.TemporaryDirectory(prefix="tailor-metrics-"))
            os.environ[MULTIPROCESS_DIR] = directory
        _serve(uvicorn, host, port, workers)


def _serve(uvicorn: Any, host: str, port: int, workers: int) -> None:
    uvicorn.run(
        "tailor_api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=get_settings().log_level.lower(),
        # The CLI already configured logging; keep one format for Tailor's and uvicorn's lines.
        log_config=None,
        proxy_headers=True,
        server_header=False,
    )
