"""tailor_core.jobs.processing: what the engine returns is checked, and encoded once."""

from __future__ import annotations

import json

from tailor_core.domain import TailoringResult
from tailor_core.jobs.processing import CheckedResult, check_storable


def test_the_checked_result_carries_the_report_encoded_once() -> None:
    report = {"score": {"before": 0.5, "after": 0.75}}
    checked = check_storable(TailoringResult("Alex Doe", report))
    assert isinstance(checked, CheckedResult)
    assert json.loads(checked.report_json) == report
    assert checked.report == report
