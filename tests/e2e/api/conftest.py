"""One live stack for the HTTP API's end-to-end tests: an API process (uploads to S3, moto's
server), one worker whose engine takes 0.5 s per job, PostgreSQL and Redis, all on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.support.api import ApiServer, free_port, running_stack
from tests.support.api_calls import BUCKET, LOGIN_MAX_FAILURES, UPLOAD_LIMIT, user_with_token


@pytest.fixture(scope="package")
def s3_endpoint() -> Iterator[str]:
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    boto3.client(
        "s3",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    ).create_bucket(Bucket=BUCKET)
    yield url
    server.stop()


@pytest.fixture(scope="package")
def stack(
    database: str, s3_endpoint: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ApiServer]:
    """One API process (uploads to S3) and one worker whose engine takes 0.5 s per job."""
    log_dir = tmp_path_factory.mktemp("api")
    settings = {
        "TAILOR_ENGINE": "tests.support.engines:slow",
        "TAILOR_TEST_ENGINE_DELAY": "0.5",
        "TAILOR_MAX_UPLOAD_BYTES": str(UPLOAD_LIMIT),
        "TAILOR_STORAGE_URL": f"s3://{BUCKET}/uploads",
        "TAILOR_S3_ENDPOINT_URL": s3_endpoint,
        "TAILOR_S3_REGION": "us-east-1",
        "TAILOR_S3_ACCESS_KEY_ID": "test",
        "TAILOR_S3_SECRET_ACCESS_KEY": "test",
        # The webhook receivers listen on loopback, an address refused by default.
        "TAILOR_WEBHOOK_ALLOW_PRIVATE": "true",
        "TAILOR_LOGIN_MAX_FAILURES": str(LOGIN_MAX_FAILURES),
    }
    with running_stack(log_dir, settings) as api:
        yield api


@pytest.fixture
def alice() -> dict[str, Any]:
    return user_with_token()


@pytest.fixture
def bob() -> dict[str, Any]:
    return user_with_token()
