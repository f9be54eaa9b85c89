"""A loopback TCP proxy in front of PostgreSQL that counts what the client sends.

psycopg2 speaks the simple query protocol: every statement, BEGIN, COMMIT and the pool's
pre-ping is one 'Q' message and one round trip. Counting them at the wire sees everything the
driver does, including what SQLAlchemy's events never show (BEGIN, pings, resets).
Connect with sslmode=disable and gssencmode=disable so the stream is readable.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from collections import Counter
from types import TracebackType

from sqlalchemy.engine import make_url


class CountingProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._lock = threading.Lock()
        self.statements: Counter[str] = Counter()
        self.round_trips = 0
        self.connections = 0
        self._sockets: set[socket.socket] = set()
        self._closing = False
        threading.Thread(target=self._accept, daemon=True, name="pgwire-accept").start()

    def __enter__(self) -> CountingProxy:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def url_for(self, database_url: str) -> str:
        url = make_url(database_url).set(host="127.0.0.1", port=self.port)
        query = {**url.query, "sslmode": "disable", "gssencmode": "disable"}
        return url.set(query=query).render_as_string(hide_password=False)

    def reset(self) -> None:
        with self._lock:
            self.statements.clear()
            self.round_trips = 0
            self.connections = 0

    def close(self) -> None:
        self._closing = True
        self._listener.close()
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self._listener.accept()
            except OSError:
                continue  # the listener was closed: the loop ends
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                self._sockets.update((client, upstream))
                self.connections += 1
            threading.Thread(target=self._client_side, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    def _record(self, kind: bytes, body: bytes) -> None:
        if kind == b"Q":
            text = body.rstrip(b"\x00").decode("utf-8", "replace").replace("(", " ")
            words = text.split()
            label = _label(words)
            with self._lock:
                self.statements[label] += 1
                self.round_trips += 1
        elif kind == b"S":  # Sync: the end of one extended-protocol round trip
            with self._lock:
                self.round_trips += 1

    def _client_side(self, client: socket.socket, upstream: socket.socket) -> None:
        buffer = b""
        started = False  # the startup packet has no type byte
        try:
            while data := client.recv(65536):
                upstream.sendall(data)
                buffer += data
                while True:
                    if not started:
                        if len(buffer) < 4:
                            break
                        (length,) = struct.unpack("!I", buffer[:4])
                        if len(buffer) < length:
                            break
                        buffer, started = buffer[length:], True
                        continue
                    if len(buffer) < 5:
                        break
                    (length,) = struct.unpack("!I", buffer[1:5])
                    if len(buffer) < 1 + length:
                        break
                    self._record(buffer[:1], buffer[5 : 1 + length])
                    buffer = buffer[1 + length :]
        except OSError:
            pass
        finally:
            _shut(client, upstream)

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            _shut(source, sink)


def _label(words: list[str]) -> str:
    if not words:
        return "(empty)"
    head = words[0].upper()
    if head in {"UPDATE", "INSERT", "DELETE"}:
        return head
    if head in {"WITH"}:
        verbs = [w.upper() for w in words if w.upper() in {"UPDATE", "INSERT", "DELETE"}]
        return f"WITH ... {verbs[0]}" if verbs else "WITH ... SELECT"
    if head == "SELECT" and len(words) <= 3:
        return " ".join(words).upper()  # the pool's pre-ping, `SELECT 1`
    return head


def _shut(*sockets: socket.socket) -> None:
    for sock in sockets:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
