"""A service in another language can enqueue by writing the documented message to Redis."""

from __future__ import annotations

import base64
import json
import os
import uuid
from pathlib import Path

import pytest
import redis

from tailor_core.jobs.crud import create_job, get_job_by_id
from tests.support.factories import make_resume, make_user, posting
from tests.support.workers import running_workers, wait_until

pytestmark = pytest.mark.e2e


def documented_message(job_id: int) -> str:
    """Exactly the format docs/WORKFLOW.md gives for publishing without Celery."""
    task_id = str(uuid.uuid4())
    body = json.dumps(
        [[job_id], {}, {"callbacks": None, "errbacks": None, "chain": None, "chord": None}]
    )
    return json.dumps(
        {
            "body": base64.b64encode(body.encode()).decode(),
            "content-encoding": "utf-8",
            "content-type": "application/json",
            "headers": {
                "lang": "py",
                "task": "tailor.process_job",
                "id": task_id,
                "root_id": task_id,
                "parent_id": None,
                "group": None,
                "retries": 0,
            },
            "properties": {
                "correlation_id": task_id,
                "delivery_mode": 2,
                "delivery_info": {"exchange": "", "routing_key": "tailor"},
                "priority": 0,
                "body_encoding": "base64",
                "delivery_tag": str(uuid.uuid4()),
            },
        }
    )


def test_a_raw_redis_lpush_of_the_documented_message_is_processed(
    clean_tables: None, worker_env: dict[str, str], tmp_path: Path
) -> None:
    user = make_user()
    resume = make_resume(user["id"])
    job = create_job(user_id=user["id"], resume_id=resume["id"], **posting())
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    try:
        with running_workers(1, worker_env, tmp_path):
            queue = os.environ["TAILOR_REDIS_KEY_PREFIX"] + "tailor"
            client.lpush(queue, documented_message(job["id"]))
            done = wait_until(
                lambda: (get_job_by_id(job["id"]) or {})["status"] == "COMPLETED", timeout=60
            )
    finally:
        client.close()
    assert done, get_job_by_id(job["id"])
