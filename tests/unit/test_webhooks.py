"""tailor_core.webhooks: the payload is read from the job's JobRecord."""

from __future__ import annotations

import json

from tailor_core.records import JobRecord
from tailor_core.webhooks import payload
from tests.support.rows import NOW, job_row


def test_the_webhook_payload_is_read_from_the_record() -> None:
    body = json.loads(payload(JobRecord.from_row(job_row(status="FAILED", error="boom"))))
    assert body == {
        "event": "job.finished",
        "job": {
            "id": 7,
            "status": "FAILED",
            "user_id": 1,
            "resume_id": 2,
            "title": "Data Engineer",
            "company_name": "Acme",
            "error": "boom",
            "finished_at": NOW.isoformat(),
            "status_url": "/v1/jobs/7",
        },
    }
