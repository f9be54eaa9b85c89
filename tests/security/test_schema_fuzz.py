"""A bounded schemathesis run against the live app: generated valid and invalid requests to the
operations that take hostile input, every answer documented, typed and never a 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from schemathesis import CheckFunction, GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from tests.support.api import ApiServer
from tests.support.api_calls import user_with_token
from tests.support.fuzz import fuzz

pytestmark = [pytest.mark.security, pytest.mark.e2e]

OPERATIONS = {
    "POST /v1/auth/login",
    "POST /v1/jobs",
    "POST /v1/resumes",
    "GET /v1/jobs/{job_id}",
    "GET /v1/jobs/{job_id}/resume",
    "GET /v1/jobs",
}


def test_generated_hostile_requests_get_documented_answers(hostile_stack: ApiServer) -> None:
    schema = schemathesis.openapi.from_url(f"{hostile_stack.url}/openapi.json")
    auth = {"Authorization": f"Bearer {user_with_token()['token']}"}
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    chosen = [operation for operation in operations if operation.label in OPERATIONS]
    assert {operation.label for operation in chosen} == OPERATIONS
    for operation in chosen:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            excluded: list[CheckFunction] = []
            if operation.label in {"POST /v1/resumes", "POST /v1/auth/login"}:
                # A schema cannot say "a readable PDF" or "the right password".
                excluded.append(positive_data_acceptance)
            if mode is GenerationMode.NEGATIVE:
                # Unknown query parameters are ignored; the answer must still be documented.
                excluded.append(negative_data_rejection)
            fuzz(operation, mode, auth, excluded, examples=10)
