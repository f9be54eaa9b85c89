"""The API's metrics move as jobs finish, and its OpenAPI document matches the running app."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis.errors import Unsatisfiable
from schemathesis import CheckFunction, GenerationMode
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    positive_data_acceptance,
)

from tests.support.api import ApiServer
from tests.support.api_calls import (
    metric,
    submit,
    uploaded_resume_id,
    user_with_token,
    wait_status,
)
from tests.support.fuzz import fuzz
from tests.support.workers import wait_until

pytestmark = pytest.mark.e2e


def test_metrics_move(stack: ApiServer, alice: dict[str, Any]) -> None:
    names = (
        "tailor_jobs_submitted_total",
        "tailor_jobs_completed_total",
        "tailor_tailoring_duration_seconds_count",
    )

    def read() -> dict[str, float]:
        text = httpx.get(f"{stack.url}/metrics").text
        assert "tailor_queue_depth" in text
        return {name: metric(text, name) for name in names}

    before = read()
    with stack.client(alice["token"]) as client:
        job = submit(client, uploaded_resume_id(client)).json()
        wait_status(client, job["id"], "COMPLETED")
    assert wait_until(lambda: all(read()[n] > before[n] for n in names), timeout=15), (
        before,
        read(),
    )


@pytest.fixture(scope="module")
def schema_user(stack: ApiServer) -> dict[str, Any]:
    """A user with a resume and a job, so generated ids sometimes hit real records."""
    user = user_with_token()
    with stack.client(user["token"]) as client:
        submit(client, uploaded_resume_id(client))
    return user


def test_openapi_document_matches_the_running_app(
    stack: ApiServer, schema_user: dict[str, Any]
) -> None:
    """schemathesis generates requests from /openapi.json for every operation, valid and
    invalid, and checks each answer (status, content type, body schema) against the document."""
    schema = schemathesis.openapi.from_url(f"{stack.url}/openapi.json")
    auth = {"Authorization": f"Bearer {schema_user['token']}"}
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 12
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            excluded: list[CheckFunction] = []
            if operation.label == "POST /v1/resumes":
                # A schema cannot say "a readable PDF": a schema-valid upload may be refused.
                excluded.append(positive_data_acceptance)
            if mode is GenerationMode.NEGATIVE:
                # Unknown query parameters are ignored, as HTTP APIs commonly do; every answer
                # to invalid input must still be documented, typed and never a 5xx.
                excluded.append(negative_data_rejection)
            try:
                fuzz(operation, mode, auth, excluded, examples=8)
            except Unsatisfiable:
                # No parameters and no body (e.g. /healthz): nothing to make invalid.
                assert mode is GenerationMode.NEGATIVE, operation.label
