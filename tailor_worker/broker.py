"""The broker as seen from outside a task: is it reachable, how many messages wait."""

from __future__ import annotations

from kombu.exceptions import ChannelError

from tailor_core.producer import QUEUE
from tailor_worker.app import app


def broker_reachable(timeout: float = 2.0) -> bool:
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=timeout)
            return True
    except Exception:
        return False


def queue_depth(queue: str = QUEUE) -> int:
    """Messages waiting in the queue (Redis LLEN through kombu, so the key prefix applies)."""
    with app.connection_for_read() as connection:
        try:
            declared = connection.default_channel.queue_declare(queue=queue, passive=True)
        except ChannelError:
            # Redis deletes an empty list, and kombu then reports the queue as missing.
            return 0
        return int(declared.message_count)
