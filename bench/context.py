"""What every scenario shares: options, servers, the seeded user and resume, job submission."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.report import Figure, progress
from bench.servers import BenchServers
from bench.workers import WorkerSpec

if TYPE_CHECKING:
    from tailor_core.jobs.producer import JobRequest

NOOP_ENGINE = "bench.engines:noop"
SUBMIT_BATCH = 10_000


def pipeline_prefetch() -> int:
    """The prefetch multiplier Tailor's worker uses on the benchmark's no-op engine."""
    # Imported late, like every Tailor module here: BenchServers sets the environment first.
    from tailor_core.settings import settings_from

    return settings_from({**os.environ, "TAILOR_ENGINE": NOOP_ENGINE}).prefetch_multiplier


@dataclass(frozen=True)
class Options:
    quick: bool
    pool: str
    concurrency: int
    reference_jobs: int
    pipeline_jobs: int
    engine_jobs: int
    latency_samples: int
    producer_jobs: int
    batch_jobs: int
    statement_jobs: int
    backlog: int
    repeats: int


@dataclass
class Posting:
    title: str
    company_name: str
    description: str


@dataclass
class Bench:
    options: Options
    servers: BenchServers
    log_dir: Path
    user_id: int = 0
    resume_id: int = 0
    resume_text: str = ""
    posting: Posting = field(default_factory=lambda: Posting("", "", ""))
    figures: list[Figure] = field(default_factory=list)
    results: dict[str, object] = field(default_factory=dict)

    def spec(self, app: str = "tailor_worker", **overrides: int) -> WorkerSpec:
        prefetch = overrides.get("prefetch_multiplier")
        if prefetch is None and app == "bench.noop_app":
            # The reference runs with the prefetch Tailor's worker runs the pipeline with, so
            # the ratio compares the work per job, not the settings.
            prefetch = pipeline_prefetch()
        return WorkerSpec(
            app=app,
            pool=self.options.pool,
            concurrency=overrides.get("concurrency", self.options.concurrency),
            prefetch_multiplier=prefetch,
        )

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        progress(f"  {figure.name}: {figure.value:,.2f} {figure.unit}")
        return figure

    def seed(self) -> None:
        from tailor_core.resumes.crud import create_resume
        from tailor_core.samples import sample_text
        from tailor_core.users.crud import create_user

        user = create_user(email="bench@example.com", password_hash="x" * 32, name="Bench User")
        self.resume_text = sample_text("resume.md")
        resume = create_resume(
            user_id=user["id"],
            file_path="/dev/null",
            original_filename="resume.md",
            parsed_text=self.resume_text,
        )
        first, _, rest = sample_text("posting.txt").partition("\n")
        title, _, company = first.partition(" — ")
        self.user_id, self.resume_id = int(user["id"]), int(resume["id"])
        self.posting = Posting(title.strip(), company.strip() or "Northwind", rest.strip())

    def requests(self, count: int) -> list[JobRequest]:
        from tailor_core.jobs.producer import JobRequest

        one = JobRequest(
            user_id=self.user_id,
            resume_id=self.resume_id,
            title=self.posting.title,
            company_name=self.posting.company_name,
            job_description=self.posting.description,
        )
        return [one] * count

    def submit_one(self, publish: Callable[[int], object]) -> dict[str, Any]:
        """One `submit_job` of the seeded posting, as a client of the producer would."""
        from tailor_core.jobs.producer import submit_job

        return submit_job(
            user_id=self.user_id,
            resume_id=self.resume_id,
            title=self.posting.title,
            company_name=self.posting.company_name,
            job_description=self.posting.description,
            publish=publish,
        )

    def submit(self, count: int, publish: bool = True) -> tuple[list[int], float]:
        """Submit `count` jobs with the real `submit_jobs`; returns ids and the wall-clock time
        (epoch seconds) of the first publish."""
        from tailor_core.jobs.producer import submit_jobs
        from tailor_worker.publisher import publish_jobs

        first_publish: list[float] = []

        def publish_many(ids: Sequence[int]) -> None:
            if not first_publish:
                first_publish.append(time.time())
            if publish:
                publish_jobs(ids)

        ids: list[int] = []
        for start in range(0, count, SUBMIT_BATCH):
            size = min(SUBMIT_BATCH, count - start)
            ids.extend(submit_jobs(self.requests(size), publish_many))
        return ids, first_publish[0] if first_publish else time.time()

    def clear_jobs(self) -> None:
        """Forget every job and queued message: the next scenario starts from empty."""
        from sqlalchemy import text

        from tailor_core.db.session import get_engine

        with get_engine().begin() as connection:
            connection.execute(text("TRUNCATE jobs RESTART IDENTITY CASCADE"))
        self.servers.purge_redis()
