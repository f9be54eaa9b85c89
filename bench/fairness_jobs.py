"""Users, jobs and their timestamps for bench/fairness.py (its own database, not the app's)."""

from __future__ import annotations

from bench.servers import BenchServers


def new_user(name: str) -> tuple[int, int]:
    from tailor_core.resumes.crud import create_resume
    from tailor_core.samples import sample_text
    from tailor_core.users.crud import create_user

    user = create_user(email=f"{name}@example.com", password_hash="x" * 32, name=name)
    resume = create_resume(
        user_id=user["id"],
        file_path="/dev/null",
        original_filename="resume.md",
        parsed_text=sample_text("resume.md"),
    )
    return int(user["id"]), int(resume["id"])


def sample_posting() -> tuple[str, str, str]:
    from tailor_core.samples import sample_text

    first, _, rest = sample_text("posting.txt").partition("\n")
    title, _, company = first.partition(" — ")
    return title.strip(), company.strip() or "Northwind", rest.strip()


def queue_jobs(user: tuple[int, int], count: int, priority: str) -> list[int]:
    from tailor_core.jobs.producer import JobRequest, submit_jobs
    from tailor_worker.publisher import publish_jobs

    title, company, text = sample_posting()
    one = JobRequest(user[0], user[1], title, company, text)
    ids: list[int] = []
    for start in range(0, count, 10_000):
        ids += submit_jobs([one] * min(10_000, count - start), publish_jobs, priority)
    return ids


def submit_one(user: tuple[int, int]) -> int:
    from tailor_core.jobs.producer import submit_job
    from tailor_worker.publisher import publish_job

    title, company, text = sample_posting()
    job = submit_job(
        user_id=user[0],
        resume_id=user[1],
        title=title,
        company_name=company,
        job_description=text,
        publish=publish_job,
    )
    return int(job["id"])


def job_times(ids: list[int]) -> list[tuple[float, float, float]]:
    """(created, started, finished) epoch seconds of each job, in id order."""
    from sqlalchemy import text

    from tailor_core.db.session import get_engine

    with get_engine().connect() as connection:
        rows = connection.execute(
            text(
                "SELECT extract(epoch FROM created_at), extract(epoch FROM started_at),"
                " extract(epoch FROM finished_at) FROM jobs WHERE id = ANY(:ids) ORDER BY id"
            ),
            {"ids": ids},
        ).all()
    return [(float(c), float(s), float(f)) for c, s, f in rows]


def count_finished(ids: list[int]) -> int:
    from sqlalchemy import text

    from tailor_core.db.session import get_engine

    with get_engine().connect() as connection:
        value = connection.execute(
            text("SELECT count(*) FROM jobs WHERE id = ANY(:ids) AND finished_at IS NOT NULL"),
            {"ids": ids},
        ).scalar_one()
    return int(value)


def count_pending(user_id: int) -> int:
    from sqlalchemy import text

    from tailor_core.db.session import get_engine

    with get_engine().connect() as connection:
        value = connection.execute(
            text("SELECT count(*) FROM jobs WHERE user_id = :u AND status = 'PENDING'"),
            {"u": user_id},
        ).scalar_one()
    return int(value)


def clear_jobs(servers: BenchServers) -> None:
    from sqlalchemy import text

    from tailor_core.db.session import get_engine

    with get_engine().begin() as connection:
        connection.execute(text("DELETE FROM jobs"))
    servers.purge_redis()
