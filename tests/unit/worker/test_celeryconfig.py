"""The broker configuration is safe by default: JSON only, and TLS that verifies the server."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tailor_worker.worker_process import ROOT
from tests.support.workers import child_env

PROBE = """
import json, ssl
from tailor_worker.app import app
connection = app.connection_for_write()
reqs = (connection.ssl or {}).get("ssl_cert_reqs")
print(json.dumps({"cert_reqs": None if reqs is None else int(reqs),
                  "accept": sorted(app.conf.accept_content),
                  "serializer": app.conf.task_serializer,
                  "prefetch": app.conf.worker_prefetch_multiplier,
                  "acks_late": app.conf.task_acks_late,
                  "uri": connection.as_uri()}))
"""


def _probe(redis_url: str, **settings: str) -> dict[str, object]:
    env = child_env()
    env["REDIS_URL"] = redis_url
    env.update(settings)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("rediss://:s3cret@redis.internal:6380/0", 2),  # ssl.CERT_REQUIRED
        ("rediss://:s3cret@redis.internal:6380/0?ssl_cert_reqs=required", 2),
        ("rediss://:s3cret@redis.internal:6380/0?ssl_cert_reqs=optional", 1),
    ],
)
def test_tls_broker_verifies_the_server_unless_told_otherwise(url: str, expected: int) -> None:
    probe = _probe(url)
    assert probe["cert_reqs"] == expected
    assert "s3cret" not in str(probe["uri"]), "the password is masked wherever the URL is shown"


def test_worker_accepts_json_only() -> None:
    probe = _probe("redis://127.0.0.1:6379/0")
    assert probe["accept"] == ["json"]
    assert probe["serializer"] == "json"


def test_prefetch_is_four_for_short_jobs_one_for_the_model_unless_configured() -> None:
    assert _probe("redis://127.0.0.1:6379/0", TAILOR_ENGINE="default")["prefetch"] == 4
    assert _probe("redis://127.0.0.1:6379/0", TAILOR_ENGINE="llm")["prefetch"] == 1
    tuned = _probe("redis://127.0.0.1:6379/0", TAILOR_PREFETCH_MULTIPLIER="1")
    assert tuned["prefetch"] == 1
    assert tuned["acks_late"] is True
