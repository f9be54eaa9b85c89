"""One bounded, derandomized schemathesis run of one operation (used by
tests/e2e/api/test_metrics_and_openapi.py and tests/security/test_schema_fuzz.py)."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import CheckFunction, GenerationMode


def fuzz(
    operation: Any,
    mode: GenerationMode,
    auth: dict[str, str],
    excluded: list[CheckFunction],
    examples: int,
) -> None:
    """Generate `examples` requests of `mode` and check every answer against the schema."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: schemathesis.Case[Any]) -> None:
        case.call_and_validate(headers=auth, excluded_checks=excluded)

    check()
