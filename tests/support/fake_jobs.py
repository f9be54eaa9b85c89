"""The fake unit of work's jobs: rows are plain dicts, handed out as the same ORM objects the
real repositories return (transient, never attached to a session)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tailor_core.db.models import Job, Resume, User
from tailor_core.db.repository_map import Finished
from tailor_core.domain import JobContext, JobPosting, JobStatus, Priority
from tailor_core.records import JobRecord

if TYPE_CHECKING:
    from tests.support.fake_unit_of_work import FakeUnitOfWork

UNFINISHED = (JobStatus.PENDING, JobStatus.PROCESSING)


def _now() -> datetime:
    return datetime.now(UTC)


class _Table:
    def __init__(self, uow: FakeUnitOfWork, name: str) -> None:
        self._uow = uow
        self._name = name

    @property
    def rows(self) -> dict[int, dict[str, Any]]:
        return self._uow.touch(self._name)

    def insert(self, **fields: Any) -> dict[str, Any]:
        row = {"id": next(self._uow.ids), "created_at": _now(), "updated_at": _now(), **fields}
        self.rows[row["id"]] = row
        return row


class FakeJobs(_Table):
    def __init__(self, uow: FakeUnitOfWork) -> None:
        super().__init__(uow, "jobs")
        self.keys_taken_by_others: dict[tuple[int, str], dict[str, Any]] = {}

    def add(self, **fields: Any) -> Job:
        defaults = {"attempts": 0, "priority": Priority.INTERACTIVE.value, "fair_key": 0}
        defaults |= dict.fromkeys(
            ("tailored_resume_text", "report", "error", "callback_url", "batch_id"), None
        )
        defaults |= dict.fromkeys(("started_at", "finished_at", "idempotency_key"), None)
        return Job(**self.insert(**(defaults | fields)))

    def get(self, job_id: int) -> Job | None:
        row = self.rows.get(job_id)
        return None if row is None else Job(**row)

    def get_with_relations(self, job_id: int) -> tuple[Job, User, Resume] | None:
        row = self.rows.get(job_id)
        if row is None:
            return None
        user = self._uow.users.rows[row["user_id"]]
        return Job(**row), User(**user), Resume(**self._uow.resumes.rows[row["resume_id"]])

    def update_fields(self, job: Job, fields: dict[str, Any]) -> Job:
        self.rows[job.id].update(fields)
        return Job(**self.rows[job.id])

    def remove(self, job_id: int) -> bool:
        return self.rows.pop(job_id, None) is not None

    def _context(self, row: dict[str, Any]) -> JobContext:
        user = self._uow.users.rows[row["user_id"]]
        resume = self._uow.resumes.rows[row["resume_id"]]
        posting = JobPosting(row["title"], row["company_name"], row["job_description"])
        return JobContext(
            row["id"], row["attempts"], user["id"], user["name"], resume["id"],
            resume["parsed_text"], posting,
        )  # fmt: skip

    def claim(
        self, job_id: int, held_attempt: int | None, lease_seconds: float
    ) -> JobContext | None:
        row = self.rows.get(job_id)
        if row is None:
            return None
        if held_attempt is not None:
            held = row["status"] == JobStatus.PROCESSING and row["attempts"] == held_attempt
            return self._context(row) if held else None
        if row["status"] != JobStatus.PENDING:
            return None
        row.update(status=JobStatus.PROCESSING, attempts=row["attempts"] + 1, started_at=_now())
        return self._context(row)

    def claim_next(
        self, doorbell: int, order: tuple[Priority, Priority], lease_seconds: float
    ) -> JobContext | None:
        if doorbell not in self.rows:
            return None
        for priority in order:
            queued = [
                r for r in self.rows.values()
                if r["status"] == JobStatus.PENDING and r["priority"] == priority.value
            ]  # fmt: skip
            if queued:
                first = min(queued, key=lambda r: (r["fair_key"], r["id"]))
                return self.claim(first["id"], None, lease_seconds)
        return None

    def status_of(self, job_id: int) -> JobStatus | None:
        row = self.rows.get(job_id)
        return None if row is None else JobStatus(row["status"])

    def finish(
        self,
        job_id: int,
        attempt: int,
        *,
        status: JobStatus,
        tailored_text: str | None = None,
        report: dict[str, Any] | None = None,
        error: str | None = None,
        report_json: str | None = None,
    ) -> Finished:
        row = self.rows.get(job_id)
        if row is None or row["status"] != JobStatus.PROCESSING or row["attempts"] != attempt:
            return Finished(False)
        row.update(status=status, tailored_resume_text=tailored_text, report=report, error=error)
        row["finished_at"] = _now()
        batch_id = row["batch_id"]
        return Finished(True, row["callback_url"], batch_id, batch_id is not None)

    def hand_back(self, job_id: int, attempt: int, seconds: float) -> bool:
        row = self.rows.get(job_id)
        if row is None or row["status"] != JobStatus.PROCESSING or row["attempts"] != attempt:
            return False
        row.update(status=JobStatus.PENDING, attempts=attempt - 1)
        row["not_before"] = datetime.fromtimestamp(_now().timestamp() + seconds, UTC)
        return True

    def add_if_resume_owned(self, limits: tuple[int, int], **fields: Any) -> JobRecord | None:
        user_id = fields["user_id"]
        if self._uow.resumes.owners({fields["resume_id"]}).get(fields["resume_id"]) != user_id:
            return None
        in_flight, per_minute = self._uow.quotas.override(user_id)
        max_in_flight = limits[0] if in_flight is None else in_flight
        submissions = limits[1] if per_minute is None else per_minute
        if max_in_flight and self._uow.quotas.in_flight(user_id) >= max_in_flight:
            return None
        if submissions and self._uow.quotas.recent_submissions(user_id)[0] >= submissions:
            return None
        priority = Priority(fields.get("priority", Priority.INTERACTIVE.value))
        return JobRecord.from_row(
            self.add(fair_key=self.next_fair_key(user_id, priority), **fields)
        )

    def by_idempotency_key(self, user_id: int, key: str) -> Job | None:
        for row in self.rows.values():
            if row["user_id"] == user_id and row["idempotency_key"] == key:
                return Job(**row)
        return None

    def add_unless_key_taken(self, **fields: Any) -> Job | None:
        # A concurrent submission that commits between our look-up and our insert.
        other = self.keys_taken_by_others.pop((fields["user_id"], fields["idempotency_key"]), None)
        if other is not None:
            self.add(**other)
            return None
        return self.add(**fields)

    def add_many(self, rows: Sequence[dict[str, Any]]) -> list[int]:
        return [self.add(**row).id for row in rows]

    def next_fair_key(self, user_id: int, priority: Priority) -> int:
        keys = [
            r["fair_key"] for r in self.rows.values()
            if r["user_id"] == user_id and r["priority"] == priority.value
        ]  # fmt: skip
        return max(keys, default=0) + 1

    def owned(self, user_id: int, job_id: int) -> Job | None:
        job = self.get(job_id)
        return job if job is not None and job.user_id == user_id else None

    def owned_page(
        self, user_id: int, *, limit: int, before_id: int | None, status: JobStatus | None
    ) -> list[Job]:
        found = [
            Job(**r) for r in sorted(self.rows.values(), key=lambda r: -r["id"])
            if r["user_id"] == user_id and (status is None or r["status"] == status)
            and (before_id is None or r["id"] < before_id)
        ]  # fmt: skip
        return found[:limit]

    def finish_unfinished(
        self,
        job_id: int,
        *,
        status: JobStatus,
        tailored_text: str | None = None,
        report: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> JobRecord | None:
        row = self.rows.get(job_id)
        if row is None or row["status"] not in UNFINISHED:
            return None
        row.update(status=status, error=error, finished_at=_now())
        if tailored_text is not None:
            row["tailored_resume_text"] = tailored_text
        if report is not None:
            row["report"] = report
        return JobRecord.from_row(row)

    def pending_callback(self, job_id: int) -> tuple[str, JobStatus] | None:
        row = self.rows.get(job_id)
        if row is None or row["callback_url"] is None or row.get("callback_delivered_at"):
            return None
        return row["callback_url"], JobStatus(row["status"])

    def delivery(self, job_id: int) -> tuple[Job, str | None] | None:
        row = self.rows.get(job_id)
        return None if row is None else (Job(**row), "secret")

    def mark_delivered(self, job_id: int) -> None:
        self.rows[job_id]["callback_delivered_at"] = _now()
