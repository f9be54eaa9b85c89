"""The fake unit of work's other tables: batches, resumes and quotas, stored like its jobs
(tests/support/fake_jobs.py); users and tokens: fake_accounts.py."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from tailor_core.db.models import Batch, Resume
from tailor_core.domain import FINAL_STATUSES, JobStatus
from tests.support.fake_jobs import UNFINISHED, FakeJobs, _now, _Table

if TYPE_CHECKING:
    from tests.support.fake_unit_of_work import FakeUnitOfWork


class FakeBatches(_Table):
    def __init__(self, uow: FakeUnitOfWork) -> None:
        super().__init__(uow, "batches")

    def add(self, **fields: Any) -> Batch:
        empty = ("cancelled_at", "finished_at", "callback_delivered_at", "callback_url")
        return Batch(**self.insert(**(dict.fromkeys(empty) | fields)))

    def get_owned(self, user_id: int | None, batch_id: int) -> Batch | None:
        row = self.rows.get(batch_id)
        if row is None or (user_id is not None and row["user_id"] != user_id):
            return None
        return Batch(**row)

    def _jobs(self, batch_id: int) -> list[dict[str, Any]]:
        return [r for r in self._uow.jobs.rows.values() if r["batch_id"] == batch_id]

    def status_counts(self, batch_id: int) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in self._jobs(batch_id):
            counts[str(row["status"])] = counts.get(str(row["status"]), 0) + 1
        return counts

    def first_start(self, batch_id: int) -> datetime | None:
        return min((r["started_at"] for r in self._jobs(batch_id) if r["started_at"]), default=None)

    def cancel_unfinished(self, batch_id: int) -> int:
        self.rows[batch_id]["cancelled_at"] = self.rows[batch_id]["cancelled_at"] or _now()
        unfinished = [r for r in self._jobs(batch_id) if r["status"] in UNFINISHED]
        for row in unfinished:
            row.update(status=JobStatus.CANCELLED, finished_at=_now())
        return len(unfinished)

    def delivery(self, batch_id: int) -> tuple[Batch, str | None] | None:
        row = self.rows.get(batch_id)
        return None if row is None else (Batch(**row), "secret")

    def mark_delivered(self, batch_id: int) -> None:
        self.rows[batch_id]["callback_delivered_at"] = _now()

    def mark_ended_if_done(self, batch_id: int) -> tuple[bool, bool]:
        row = self.rows[batch_id]
        if row["finished_at"] is not None:
            return False, False
        if any(r["status"] not in FINAL_STATUSES for r in self._jobs(batch_id)):
            return False, False
        row["finished_at"] = _now()
        return True, row["callback_url"] is not None


class FakeResumes(_Table):
    def __init__(self, uow: FakeUnitOfWork) -> None:
        super().__init__(uow, "resumes")

    def add(self, **fields: Any) -> Resume:
        return Resume(**self.insert(**fields))

    def get(self, resume_id: int) -> Resume | None:
        row = self.rows.get(resume_id)
        return None if row is None else Resume(**row)

    def owned_by(self, user_id: int, *, limit: int, offset: int) -> list[Resume]:
        rows = sorted(self.rows.values(), key=lambda r: r["id"])
        return [Resume(**r) for r in rows if r["user_id"] == user_id][offset : offset + limit]

    def page(self, *, limit: int, offset: int) -> list[Resume]:
        rows = sorted(self.rows.values(), key=lambda r: r["id"])
        return [Resume(**r) for r in rows][offset : offset + limit]

    def update(self, resume: Resume, fields: dict[str, Any]) -> Resume:
        self.rows[resume.id].update(fields, updated_at=_now())
        return Resume(**self.rows[resume.id])

    def owners(self, resume_ids: set[int]) -> dict[int, int]:
        return {i: self.rows[i]["user_id"] for i in resume_ids if i in self.rows}

    def owned(self, user_id: int, resume_id: int) -> Resume | None:
        row = self.rows.get(resume_id)
        return None if row is None or row["user_id"] != user_id else Resume(**row)

    def owned_page(self, user_id: int, *, limit: int, before_id: int | None) -> list[Resume]:
        rows = sorted(
            (r for r in self.rows.values() if r["user_id"] == user_id), key=lambda r: -r["id"]
        )
        return [Resume(**r) for r in rows if before_id is None or r["id"] < before_id][:limit]

    def remove(self, resume_id: int) -> bool:
        for job_id in [i for i, r in self._uow.jobs.rows.items() if r["resume_id"] == resume_id]:
            del self._uow.jobs.rows[job_id]
        return self.rows.pop(resume_id, None) is not None


class FakeQuotas(_Table):
    def __init__(self, uow: FakeUnitOfWork) -> None:
        super().__init__(uow, "quotas")

    def override(self, user_id: int) -> tuple[int | None, int | None]:
        row = self.rows.get(user_id)
        return (None, None) if row is None else (row["max_in_flight"], row["per_minute"])

    def recent_submissions(self, user_id: int) -> tuple[int, datetime | str | None]:
        jobs = [r for r in self._uow.jobs.rows.values() if r["user_id"] == user_id]
        singles = [r["created_at"] for r in jobs if r["batch_id"] is None]
        batches = [
            r["created_at"] for r in self._uow.batches.rows.values() if r["user_id"] == user_id
        ]
        return len(singles) + len(batches), min(singles + batches, default=None)

    def in_flight(self, user_id: int) -> int:
        jobs = self._uow.jobs.rows.values()
        return sum(1 for r in jobs if r["user_id"] == user_id and r["status"] in UNFINISHED)

    def set_override(
        self, user_id: int, max_in_flight: int | None, submissions_per_minute: int | None
    ) -> None:
        self.rows[user_id] = {"max_in_flight": max_in_flight, "per_minute": submissions_per_minute}

    def remove_override(self, user_id: int) -> bool:
        return self.rows.pop(user_id, None) is not None


__all__ = ["FakeBatches", "FakeJobs", "FakeQuotas", "FakeResumes"]
