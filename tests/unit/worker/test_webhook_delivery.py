"""Webhook delivery: a callback URL must not turn the workers into a probe of their own network,
and a webhook is given up on only for its receiver, never for our own outage."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from tailor_core.errors import TransientError
from tailor_worker.backoff import backoff_cap
from tailor_worker.batch_webhook_delivery import deliver_batch_webhook
from tailor_worker.webhook_delivery import (
    ReceiverFailed,
    deliver_webhook,
    internal_target,
    post,
    resolve_target,
)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:9000/hook",
        "http://0.0.0.0/hook",
    ],
)
def test_internal_addresses_are_refused(url: str) -> None:
    reason = internal_target(url)
    assert reason is not None
    assert "TAILOR_WEBHOOK_ALLOW_PRIVATE" in reason


def test_a_public_address_is_allowed() -> None:
    assert internal_target("https://8.8.8.8/hook") is None


def test_an_unresolvable_host_is_refused() -> None:
    assert "cannot resolve" in str(internal_target("http://no-such-host.invalid/hook"))


def test_the_connection_goes_to_the_address_that_was_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """DNS rebinding: the name resolves to the checked address once, then elsewhere; the POST
    still reaches the checked address, with the name in Host."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            seen.append(self.headers["Host"])
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *_: object) -> None:
            return

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    real = socket.getaddrinfo
    answers = iter(["127.0.0.1"])

    def rebinding(host: str, *args: Any, **kwargs: Any) -> Any:
        if host == "hook.example":
            # First answer: the checked address; any later lookup would go to 10.255.255.1.
            address = next(answers, "10.255.255.1")
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, 0))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    port = server.server_address[1]
    url = f"http://hook.example:{port}/done"
    address, refusal = resolve_target(url, allow_private=True)
    assert (address, refusal) == ("127.0.0.1", None)
    assert post(url, b"{}", "secret", "job-1", "127.0.0.1") == 204
    thread.join(5)
    server.server_close()
    assert seen == [f"hook.example:{port}"]


@pytest.mark.parametrize("task", [deliver_webhook, deliver_batch_webhook])
def test_retries_spent_on_our_database_start_over_and_on_a_receiver_give_up(
    task: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    queued: list[dict[str, Any]] = []
    monkeypatch.setattr(task, "apply_async", lambda **options: queued.append(options))
    task.on_failure(ReceiverFailed("job 5: webhook answered HTTP 500"), "t1", (5,), {}, None)
    assert queued == []
    task.on_failure(TransientError("database unavailable"), "t2", (5,), {}, None)
    assert queued == [{"args": (5,), "kwargs": {}, "countdown": backoff_cap()}]
