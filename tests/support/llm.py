"""A fake OpenAI-compatible chat endpoint on loopback that records when each request arrived.

Shared by the end-to-end test of the fleet-wide limit and its benchmark (bench/fairness.py).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class FakeProvider:
    url: str = ""
    # Monotonic arrival times of the requests answered 200, and of those answered 429.
    served: list[float] = field(default_factory=list)
    refused: list[float] = field(default_factory=list)
    # Request numbers (1-based, in arrival order) to answer 429 with Retry-After `retry_after`.
    refuse: set[int] = field(default_factory=set)
    retry_after: float = 1.0
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def most_in_any_window(self, seconds: float) -> int:
        times = sorted(self.served)
        most, start = 0, 0
        for end, stamp in enumerate(times):
            while stamp - times[start] >= seconds:
                start += 1
            most = max(most, end - start + 1)
        return most


@contextmanager
def fake_provider(**options: Any) -> Iterator[FakeProvider]:
    provider = FakeProvider(**options)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            arrived = time.monotonic()
            with provider.lock:
                number = len(provider.served) + len(provider.refused) + 1
                refuse = number in provider.refuse
                (provider.refused if refuse else provider.served).append(arrived)
            time.sleep(provider.delay)
            if refuse:
                body = json.dumps({"error": {"message": "rate limited"}}).encode()
                self.send_response(429)
                self.send_header("Retry-After", f"{provider.retry_after:g}")
            else:
                completion = {
                    "choices": [{"message": {"content": "{}"}}],
                    "usage": {"total_tokens": 1500},
                }
                body = json.dumps(completion).encode()
                self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    provider.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
