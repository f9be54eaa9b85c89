"""Workers as separate "hosts": Linux network namespaces reaching PostgreSQL and Redis over veth.

    sudo .venv/bin/python -m bench.netns_scale --jobs 4000

Needs root and iproute2 and socat. Each host is a namespace `tlrb-<run>-<n>` with a veth pair
10.200.<n>.1 (root side) <-> 10.200.<n>.2 (inside); socat in the root namespace listens on the
root-side address and forwards to PostgreSQL and Redis on 127.0.0.1. A worker runs inside each
namespace and knows the servers only by their 10.200.<n>.1 address. Everything is removed at the
end, also on error or Ctrl-C. See docs/SCALING.md.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import FrameType

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import redis
from sqlalchemy.engine import make_url

from bench import measure, workers
from bench.context import NOOP_ENGINE, Bench
from bench.pipeline_bench import options_from, parse_args
from bench.report import Figure, progress, table
from bench.servers import BenchServers

DRAIN_TIMEOUT = 600.0


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True)


@contextmanager
def host(run_id: str, index: int, pg_port: int, redis_port: int) -> Iterator[tuple[str, str]]:
    """A namespace with a veth link and forwarders; yields (namespace, server address)."""
    name = f"tlrb-{run_id[:4]}-{index}"
    outer, inner = f"tlb{run_id[:4]}{index}a", f"tlb{run_id[:4]}{index}b"
    server, client = f"10.200.{index}.1", f"10.200.{index}.2"
    forwarders: list[subprocess.Popen[bytes]] = []
    try:
        _ip("netns", "add", name)
        _ip("link", "add", outer, "type", "veth", "peer", "name", inner)
        _ip("link", "set", inner, "netns", name)
        _ip("addr", "add", f"{server}/24", "dev", outer)
        _ip("link", "set", outer, "up")
        _ip("-n", name, "addr", "add", f"{client}/24", "dev", inner)
        _ip("-n", name, "link", "set", inner, "up")
        _ip("-n", name, "link", "set", "lo", "up")
        for port in (pg_port, redis_port):
            forwarders.append(
                subprocess.Popen(
                    [
                        "socat",
                        f"TCP-LISTEN:{port},bind={server},reuseaddr,fork,nodelay",
                        f"TCP:127.0.0.1:{port},nodelay",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        time.sleep(0.3)
        yield name, server
    finally:
        for forwarder in forwarders:
            forwarder.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                forwarder.wait(5)
            if forwarder.poll() is None:
                forwarder.kill()
        # Deleting the namespace destroys the inner end, and with it the veth pair.
        subprocess.run(["ip", "netns", "del", name], capture_output=True, check=False)
        subprocess.run(["ip", "link", "del", outer], capture_output=True, check=False)


def host_env(bench: Bench, server: str) -> dict[str, str]:
    database = make_url(bench.servers.database_url).set(host=server)
    redis_url = bench.servers.redis_url.replace("127.0.0.1", server).replace("localhost", server)
    return bench.servers.worker_env(
        TAILOR_ENGINE=NOOP_ENGINE,
        DATABASE_URL=database.render_as_string(hide_password=False),
        REDIS_URL=redis_url,
    )


def drain(bench: Bench, hosts: list[tuple[str, str]], concurrency: int, count: int) -> float:
    client = redis.Redis.from_url(bench.servers.redis_url)
    spec = bench.spec(concurrency=concurrency)
    try:
        with ExitStack() as stack:
            for n, (namespace, server) in enumerate(hosts):
                stack.enter_context(
                    workers.running(
                        spec,
                        f"host{n}",
                        host_env(bench, server),
                        bench.log_dir / f"host{n}.log",
                        wrapper=("ip", "netns", "exec", namespace),
                    )
                )
            bench.submit(40)
            measure.wait_until(lambda: measure.unfinished_jobs() == 0, 120, "the warm-up")
            _, first = bench.submit(count)
            measure.wait_until(
                lambda: measure.unfinished_jobs() == 0, DRAIN_TIMEOUT, "the drain", poll=0.05
            )
            elapsed = measure.last_finished_epoch() - first
    finally:
        client.close()
    bench.clear_jobs()
    rate = count / elapsed
    progress(f"  {len(hosts)} host(s) x concurrency {concurrency}: {rate:,.0f} jobs/s")
    return rate


def _interrupt(signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.netns_scale")
    parser.add_argument("--jobs", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=2)
    args, rest = parser.parse_known_args(argv)
    bench_args = parse_args(rest)
    signal.signal(signal.SIGTERM, _interrupt)
    log_dir = Path(tempfile.mkdtemp(prefix="tailor-netns-"))
    pg = make_url(bench_args.database_url).port or 5432
    rd = make_url(bench_args.redis_url).port or 6379
    figures: list[Figure] = []
    with BenchServers(admin_url=bench_args.database_url, redis_url=bench_args.redis_url) as servers:
        bench = Bench(options=options_from(bench_args), servers=servers, log_dir=log_dir)
        bench.seed()
        with ExitStack() as stack:
            hosts = [stack.enter_context(host(servers.run_id, n, pg, rd)) for n in (1, 2)]
            progress(f"namespaces {[h[0] for h in hosts]} up; worker logs in {log_dir}")
            results: dict[str, list[float]] = {}
            for _ in range(args.rounds):
                for label, chosen, concurrency in (
                    ("1 host x 2 processes", hosts[:1], 2),
                    ("2 hosts x 2 processes", hosts, 2),
                    ("2 hosts x 1 process", hosts, 1),
                ):
                    results.setdefault(label, []).append(
                        drain(bench, chosen, concurrency, args.jobs)
                    )
        one = max(results["1 host x 2 processes"])
        for label, rates in results.items():
            best = max(rates)
            figures.append(
                Figure(label, best, "jobs/s", ratio=best / one, reference="1 host", details={})
            )
    print(table(figures))
    shutil.rmtree(log_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except KeyboardInterrupt:
        progress("interrupted; namespaces, forwarders, database and Redis keys removed")
        raise SystemExit(130) from None
