"""The original design's usage examples, run as written (only the module paths differ).

    python examples/example_usage.py

Uses whatever database the settings name (DATABASE_URL, DB_*), or the embedded SQLite file
under ./.tailor when none is set. Then it tailors the job directly with the engine, without a
worker, and completes it, the way a worker would.
"""

from __future__ import annotations

import uuid

from tailor_core.database import create_tables
from tailor_core.domain import JobPosting
from tailor_core.engine import tailor_resume
from tailor_core.jobs import complete_job, create_job, get_job_with_relations
from tailor_core.resumes import create_resume
from tailor_core.samples import sample_text
from tailor_core.users import create_user


def main() -> None:
    # Create Tables
    create_tables()

    # Create a User (a fresh address each run: emails are unique)
    user = create_user(
        email=f"john+{uuid.uuid4().hex[:8]}@example.com",
        password_hash="hashed_password",  # noqa: S106 - the original example; hashed before storing
        name="John Doe",
    )

    # Create a Resume
    resume = create_resume(
        user_id=user["id"],
        file_path="/path/to/resume.pdf",
        original_filename="resume.pdf",
        parsed_text=sample_text("resume.md"),
    )

    # Create a Job Tailoring Session
    job = create_job(
        user_id=user["id"],
        resume_id=resume["id"],
        title="Software Engineer",
        company_name="Tech Corp",
        job_description="We are looking for a Python engineer with PostgreSQL and Celery.",
    )

    # Later, complete the job (here with the real engine, as a worker would)
    result = tailor_resume(
        resume["parsed_text"],
        JobPosting(job["title"], job["company_name"], job["job_description"]),
    )
    complete_job(job_id=job["id"], tailored_resume_text=result.tailored_text)

    done = get_job_with_relations(job["id"])
    assert done is not None
    print(f"job {done['id']} for {done['user']['name']}: {done['status']}")
    print(f"score {result.report['score_before']} -> {result.report['score_after']}")
    print(done["tailored_resume_text"])


if __name__ == "__main__":
    main()
