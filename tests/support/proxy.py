"""A TCP proxy on loopback whose link can be cut: a server outage that touches no one else."""

from __future__ import annotations

import contextlib
import itertools
import socket
import struct
import threading
from collections import Counter
from collections.abc import Callable
from types import TracebackType
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy.engine import make_url


class TcpProxy:
    def __init__(
        self,
        target_host: str,
        target_port: int,
        watch_client: Callable[[int, bytes], None] | None = None,
    ) -> None:
        self.target = (target_host, target_port)
        # Sees every chunk a client sends, with an id per connection (for protocol counters).
        self._watch_client = watch_client
        self._connections = itertools.count()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._blocked = threading.Event()
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._closing = False
        threading.Thread(target=self._accept, daemon=True, name="proxy-accept").start()

    def __enter__(self) -> TcpProxy:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def block(self) -> None:
        """Drop every live connection and refuse new ones, like a server that went away."""
        self._blocked.set()
        self._drop_all()

    def unblock(self) -> None:
        self._blocked.clear()

    def close(self) -> None:
        self._closing = True
        self._listener.close()
        self._drop_all()

    def _drop_all(self) -> None:
        with self._lock:
            sockets, self._open = self._open, set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self._blocked.is_set():
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open.update((client, upstream))
            connection_id = next(self._connections)
            for source, sink, watch in (
                (client, upstream, self._watch_client),
                (upstream, client, None),
            ):
                threading.Thread(
                    target=self._pump, args=(source, sink, watch, connection_id), daemon=True
                ).start()

    def _pump(
        self,
        source: socket.socket,
        sink: socket.socket,
        watch: Callable[[int, bytes], None] | None,
        connection_id: int,
    ) -> None:
        try:
            while data := source.recv(65536):
                if watch is not None:
                    watch(connection_id, data)
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def database_url_via(url: str, proxy: TcpProxy) -> str:
    return make_url(url).set(host="127.0.0.1", port=proxy.port).render_as_string(False)


def redis_url_via(url: str, proxy: TcpProxy) -> str:
    parts = urlsplit(url)
    auth = parts.netloc.rpartition("@")[0]
    netloc = f"{auth}@127.0.0.1:{proxy.port}" if auth else f"127.0.0.1:{proxy.port}"
    return urlunsplit(parts._replace(netloc=netloc))


def target_of(url: str, default_port: int) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "127.0.0.1", parts.port or default_port


class PostgresRoundTrips:
    """Counts the requests clients send, read from the PostgreSQL wire protocol.

    psycopg2 speaks the simple query protocol: every round trip is one Query ('Q') message,
    BEGIN, COMMIT and pool pings included; a client using the extended protocol ends each round
    trip with a Sync ('S'). Connections must not use SSL (sslmode=disable) to be readable.
    Shared by the tests and the benchmark (bench/scenarios/statements.py).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._buffers: dict[int, bytearray] = {}
        self._started: set[int] = set()
        self.messages: Counter[str] = Counter()
        self.queries: list[str] = []

    def __call__(self, connection_id: int, data: bytes) -> None:
        with self._lock:
            buffer = self._buffers.setdefault(connection_id, bytearray())
            buffer.extend(data)
            while True:
                if connection_id not in self._started:
                    # The startup packet has a length but no type byte.
                    if len(buffer) < 4:
                        return
                    (length,) = struct.unpack("!I", buffer[:4])
                    if len(buffer) < length:
                        return
                    del buffer[:length]
                    self._started.add(connection_id)
                    self.messages["startup"] += 1
                    continue
                if len(buffer) < 5:
                    return
                kind = chr(buffer[0])
                (length,) = struct.unpack("!I", buffer[1:5])
                if len(buffer) < 1 + length:
                    return
                body = bytes(buffer[5 : 1 + length])
                del buffer[: 1 + length]
                self.messages[kind] += 1
                if kind == "Q":
                    self.queries.append(body.rstrip(b"\x00").decode(errors="replace"))

    @property
    def round_trips(self) -> int:
        with self._lock:
            return self.messages["Q"] + self.messages["S"]

    @property
    def connections(self) -> int:
        """Connections opened since the last reset."""
        with self._lock:
            return self.messages["startup"]

    def statements(self) -> Counter[str]:
        """The simple-protocol statements by kind: UPDATE, WITH ... UPDATE, SELECT 1, ..."""
        with self._lock:
            return Counter(statement_kind(query) for query in self.queries)

    def reset(self) -> None:
        with self._lock:
            self.messages.clear()
            self.queries.clear()


def statement_kind(query: str) -> str:
    words = query.replace("(", " ").split()
    if not words:
        return "(empty)"
    head = words[0].upper()
    if head == "WITH":
        verbs = [w.upper() for w in words if w.upper() in {"UPDATE", "INSERT", "DELETE"}]
        return f"WITH ... {verbs[0]}" if verbs else "WITH ... SELECT"
    if head == "SELECT" and len(words) <= 3:
        return " ".join(words).upper()  # a pool ping, `SELECT 1`
    return head


def database_url_counted(url: str, proxy: TcpProxy) -> str:
    """The URL through `proxy`, with encryption off so the protocol stays readable."""
    counted = make_url(url).set(host="127.0.0.1", port=proxy.port)
    query = {**counted.query, "sslmode": "disable", "gssencmode": "disable"}
    return counted.set(query=query).render_as_string(hide_password=False)
