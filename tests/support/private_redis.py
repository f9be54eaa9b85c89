"""A private `redis-server` on a free loopback port, for faults the shared Redis must not see
(a password, a memory limit, an evicting policy)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis
from celery import Celery


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def private_redis(folder: Path, *args: str, password: str = "") -> Iterator[str]:
    """Yields the server's URL (with the password, if any); stops the server afterwards."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is not installed"
    port = _free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly"]
    command += ["no", "--dir", str(folder), *args]
    if password:
        command += ["--requirepass", password]
    log = (folder / f"redis-{port}.log").open("ab")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"redis://:{password}@127.0.0.1:{port}/0" if password else f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url)
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "the private redis-server did not start"
                time.sleep(0.05)
        client.close()
        yield url
    finally:
        server.terminate()
        server.wait(10)
        log.close()


def celery_app_on(url: str) -> Celery:
    """A producer-side app on another Redis (a private server)."""
    other = Celery("producer", set_as_current=False)
    other.config_from_object("celeryconfig")
    other.conf.update(broker_url=url, broker_connection_retry=False)
    return other
