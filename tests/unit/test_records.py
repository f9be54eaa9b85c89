"""tailor_core.records: values built once from a row, and the dicts of the original design."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from types import SimpleNamespace

import pytest

from tailor_core.domain import JobStatus, Priority
from tailor_core.records import (
    JOB_COLUMNS,
    RESUME_COLUMNS,
    USER_COLUMNS,
    JobRecord,
    ResumeRecord,
    UserRecord,
)
from tests.support.rows import NOW, job_row


def test_a_job_from_a_mapping_and_from_attributes_is_the_same_value() -> None:
    row = job_row()
    from_mapping = JobRecord.from_row(row)
    from_attributes = JobRecord.from_row(SimpleNamespace(**row))
    assert from_mapping == from_attributes
    assert from_mapping.status is JobStatus.COMPLETED
    assert from_mapping.priority is Priority.INTERACTIVE
    assert from_mapping.status_url == "/v1/jobs/7"


def test_the_orm_enum_and_the_core_string_give_the_same_status() -> None:
    assert JobRecord.from_row(job_row(status=JobStatus.PENDING)) == JobRecord.from_row(
        job_row(status="PENDING")
    )


def test_a_job_as_dict_is_the_original_designs_record() -> None:
    record = JobRecord.from_row(job_row()).as_dict()
    assert list(record) == list(JOB_COLUMNS)
    assert record == {name: job_row()[name] for name in JOB_COLUMNS}
    # Plain strings, as the dicts always carried.
    assert type(record["status"]) is str
    assert type(record["priority"]) is str


def test_a_user_never_carries_the_password_hash() -> None:
    row = {"id": 1, "email": "a@example.test", "name": "A", "password_hash": "$argon2id$x"}
    user = UserRecord.from_row(row | {"created_at": NOW, "updated_at": NOW})
    assert "password_hash" not in user.as_dict()
    assert "password_hash" not in USER_COLUMNS
    assert not hasattr(user, "password_hash")
    assert user.as_dict() == {
        "id": 1,
        "email": "a@example.test",
        "name": "A",
        "created_at": NOW,
        "updated_at": NOW,
    }


def test_a_resume_round_trips() -> None:
    row = {
        "id": 2,
        "user_id": 1,
        "file_path": "file:///uploads/cv.pdf",
        "original_filename": "cv.pdf",
        "content_type": "application/pdf",
        "parsed_text": "Alex Doe",
        "created_at": NOW,
        "updated_at": NOW,
    }
    resume = ResumeRecord.from_row(SimpleNamespace(**row))
    assert resume.as_dict() == row
    assert list(resume.as_dict()) == list(RESUME_COLUMNS)


def test_values_are_frozen() -> None:
    job = JobRecord.from_row(job_row())
    with pytest.raises(FrozenInstanceError):
        job.status = JobStatus.FAILED  # type: ignore[misc]


def test_a_missing_column_is_refused() -> None:
    row = job_row()
    del row["title"]
    with pytest.raises(KeyError):
        JobRecord.from_row(row)
