"""What a broker message may make a worker do: run Tailor's tasks, and answer inspection.

Anyone who can write to Redis can send a worker any task name and any remote-control command.
Celery registers built-in tasks (`celery.starmap` runs any other task with any arguments) and
control commands that stop or reshape a worker (`shutdown`, `pool_restart`, `autoscale`,
`cancel_consumer`, `time_limit`, ...). At start, the worker forgets every task that is not
Tailor's (a message naming one is then logged as unregistered and discarded) and every control
command that Flower's dashboard and `celery inspect` do not need, unless
`TAILOR_REMOTE_CONTROL=full`.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Celery
from celery.worker.control import Panel

TASK_PREFIX = "tailor."
# Read-only commands, plus turning task events on and off (Flower sends enable_events).
ALLOWED_CONTROL = frozenset({"enable_events", "disable_events", "heartbeat"})
# Inspect commands that cost the worker real work for nothing Flower shows.
COSTLY_INSPECT = frozenset({"objgraph", "memdump", "memsample"})

log = logging.getLogger(__name__)


def keep_only_tailor_tasks(app: Celery) -> list[str]:
    """Unregister every task not named `tailor.*`; returns the names dropped."""
    dropped = sorted(name for name in app.tasks if not name.startswith(TASK_PREFIX))
    for name in dropped:
        app.tasks.unregister(name)
    return dropped


def allowed_commands() -> set[str]:
    allowed = set(ALLOWED_CONTROL)
    for name, meta in Panel.meta.items():
        if meta.type == "inspect" and name not in COSTLY_INSPECT:
            allowed.add(name)
            if meta.alias:
                allowed.add(meta.alias)
    return allowed


def limit_remote_control() -> list[str]:
    """Remove the control commands outside the allow-list from this process; returns them."""
    allowed = allowed_commands()
    removed = sorted(name for name in Panel.data if name not in allowed)
    for name in removed:
        # The worker's mailbox dispatches from this very dict: an unknown command is ignored
        # with a log line, and a `celery control` caller gets no reply.
        del Panel.data[name]
    return removed


def lock_down(app: Celery, remote_control: str, **_: Any) -> None:
    dropped = keep_only_tailor_tasks(app)
    log.info("accepting only Tailor's tasks (%d built-in tasks refused)", len(dropped))
    if remote_control == "full":
        log.warning("TAILOR_REMOTE_CONTROL=full: any broker client can shut this worker down")
        return
    removed = limit_remote_control()
    log.info(
        "remote control limited to inspection (%s refused; TAILOR_REMOTE_CONTROL=full allows)",
        ", ".join(removed),
    )
