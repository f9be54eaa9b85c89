"""A job row as a statement returns it, for the unit tests of the values built from rows."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

NOW = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


def job_row(**overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": 7,
        "user_id": 1,
        "resume_id": 2,
        "title": "Data Engineer",
        "company_name": "Acme",
        "job_description": "Python and SQL",
        "status": "COMPLETED",
        "tailored_resume_text": "Alex Doe",
        "report": {"score": {"before": 0.5, "after": 0.75}},
        "error": None,
        "attempts": 1,
        "idempotency_key": None,
        "callback_url": "https://example.test/hook",
        "created_at": NOW,
        "updated_at": NOW,
        "started_at": NOW,
        "finished_at": NOW,
        "priority": "interactive",
        "batch_id": None,
        # Columns a statement may return beyond the record's: ignored.
        "lease_expires_at": None,
        "fair_key": 3,
    }
    return row | overrides
