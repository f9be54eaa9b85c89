"""`python -m tailor_worker.health`: exit 0 when this machine's worker consumes, 1 when not.

Reads the heartbeat file the worker writes (tailor_worker.heartbeat), so it starts fast and
opens no connection. Unhealthy when the file is stale (the event loop is stuck or the worker is
gone), or when messages have waited in the queue for `--stuck-after` seconds while this worker
had room for more and received none (it stopped consuming: restart it).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from tailor_core.settings import get_settings

MAX_AGE = 30.0
STUCK_AFTER = 60.0


def judge(record: dict[str, Any], now: float, max_age: float, stuck_after: float) -> str | None:
    """Why the worker is unhealthy, or None."""
    age = now - float(record["time"])
    if age > max_age:
        return f"heartbeat is {age:.0f} s old: the worker's event loop is stuck or it is gone"
    since = record.get("waiting_since")
    room = record["may_hold"] == 0 or record["held"] < record["may_hold"]
    if since is not None and room and now - float(since) > stuck_after:
        return (
            f"{record['queue_depth']} message(s) waited {now - float(since):.0f} s while this "
            "worker had room and received none: it stopped consuming; restart it"
        )
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tailor_worker.health", description=__doc__)
    parser.add_argument("--file", type=Path, default=None, help="heartbeat file to read")
    parser.add_argument("--max-age", type=float, default=MAX_AGE)
    parser.add_argument("--stuck-after", type=float, default=STUCK_AFTER)
    args = parser.parse_args(argv)
    path = args.file or get_settings().health_file
    try:
        record = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        print(f"unhealthy: cannot read the heartbeat {path} ({exc}); is the worker running?")
        return 1
    problem = judge(record, time.time(), args.max_age, args.stuck_after)
    if problem:
        print(f"unhealthy: {problem}")
        return 1
    print(f"healthy: heartbeat {time.time() - float(record['time']):.0f} s old")
    return 0


if __name__ == "__main__":
    sys.exit(main())
