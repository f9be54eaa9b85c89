from __future__ import annotations

import difflib
import os

import click

from tailor_cli.output import emit_json, json_option, progress
from tailor_cli.report import print_report
from tailor_cli.unit_of_work import command_unit_of_work
from tailor_cli.waiting import wait_for_job
from tailor_core.auth.passwords import hash_password
from tailor_core.database import create_tables
from tailor_core.db.unit_of_work import UnitOfWork
from tailor_core.domain import JobStatus
from tailor_core.jobs.producer import submit
from tailor_core.records import JobRecord
from tailor_core.resumes.crud import add_resume, user_resumes
from tailor_core.samples import sample_text
from tailor_core.settings import EMBEDDED_OPT_IN, get_settings
from tailor_core.users.crud import add_user, user_by_email
from tailor_worker.publisher import publish_job
from tailor_worker.worker_process import start_worker, stop_worker

DEMO_EMAIL = "demo@example.com"


def _demo_user_and_resume(uow: UnitOfWork) -> tuple[int, int]:
    user = user_by_email(DEMO_EMAIL, uow=uow)
    if user is None:
        user = add_user(
            email=DEMO_EMAIL,
            password_hash=hash_password(os.urandom(16).hex()),
            name="Maria Sánchez",
            uow=uow,
        )
    existing = user_resumes(user.id, limit=1, uow=uow)
    if existing:
        return user.id, existing[0].id
    resume = add_resume(
        user_id=user.id,
        file_path="samples/resume.md",
        original_filename="resume.md",
        parsed_text=sample_text("resume.md"),
        content_type="text/markdown",
        uow=uow,
    )
    return user.id, resume.id


@click.command("demo")
@click.option(
    "--no-worker", is_flag=True, help="Do not start a worker: use the ones already running."
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=120.0,
    show_default=True,
    help="Seconds to wait for the job.",
)
@json_option
def demo(no_worker: bool, timeout: float, as_json: bool) -> None:
    """Run one sample job through the real path: producer, broker, worker, database.

    With no servers configured it uses the embedded defaults (SQLite and a folder broker under
    ./.tailor); with DATABASE_URL and REDIS_URL set it uses those.
    """
    settings = get_settings()
    if not settings.database_configured and not settings.broker_configured:
        # The demo is the one command that chooses the embedded store by itself; the worker it
        # starts inherits the choice.
        os.environ[EMBEDDED_OPT_IN] = "1"
        get_settings.cache_clear()
        settings = get_settings()
    settings.check_store()
    say = (lambda _: None) if as_json else progress
    say(
        f"[1/4] database: {'embedded SQLite' if settings.embedded_database else 'PostgreSQL'}; "
        "migrating"
    )
    create_tables()
    uow = command_unit_of_work()
    user_id, resume_id = _demo_user_and_resume(uow)
    worker = None
    if not no_worker:
        say("[2/4] starting a worker (celery -A tailor_worker worker)")
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "TAILOR_DATA_DIR": str(settings.data_dir.resolve())}
        worker = start_worker(
            "demo", env, log_path=settings.data_dir / "demo-worker.log", pool="solo"
        )
    try:
        job = submit(
            user_id=user_id,
            resume_id=resume_id,
            title="Backend Engineer (Python)",
            company_name="Northwind Health",
            job_description=sample_text("posting.txt"),
            publish=publish_job,
            uow=uow,
        ).job
        say(f"[3/4] submitted job {job.id}; waiting for the worker")
        finished = wait_for_job(job.id, timeout, quiet=as_json, uow=uow)
    finally:
        if worker is not None:
            stop_worker(worker)
    _show(finished, job.id, timeout, as_json)


def _processing_seconds(job: JobRecord) -> float | None:
    """The job's own time on the worker, not the demo's start-up and waiting."""
    started, finished = job.started_at, job.finished_at
    if started is None or finished is None:
        return None
    return float((finished - started).total_seconds())


def _whole_seconds(job: JobRecord) -> bool:
    return all(
        getattr(moment, "microsecond", None) == 0 for moment in (job.started_at, job.finished_at)
    )


def _show(job: JobRecord | None, job_id: int, timeout: float, as_json: bool) -> None:
    if job is None:
        log = get_settings().data_dir / "demo-worker.log"
        raise click.ClickException(
            f"job {job_id} did not finish within {timeout:g} s; see the worker log at {log}"
        )
    if as_json:
        emit_json(job.as_dict())
    else:
        seconds = _processing_seconds(job)
        took = "" if seconds is None else f" (processed in {seconds * 1000:.0f} ms on the worker)"
        if seconds is not None and _whole_seconds(job):
            # SQLite's clock keeps whole seconds: "1000 ms" would claim a precision it lacks.
            took = f" (processed within {max(1.0, seconds):.0f} s on the worker)"
        progress(f"[4/4] job {job_id} {job.status}{took}\n")
    if job.status != JobStatus.COMPLETED:
        raise click.ClickException(f"job {job_id} {job.status}: {job.error}")
    if not as_json:
        # A worker's COMPLETED job always has both.
        tailored, report = job.tailored_resume_text or "", job.report or {}
        click.echo(tailored.rstrip("\n"))
        click.echo("\n--- what changed (original -> tailored) ---")
        diff = difflib.unified_diff(
            sample_text("resume.md").splitlines(),
            tailored.splitlines(),
            "original",
            "tailored",
            lineterm="",
            n=0,
        )
        for line in diff:
            if not line.startswith("@@"):
                click.echo(line)
        click.echo("\n--- report ---")
        print_report(report)
        again = "" if get_settings().database_configured else f"{EMBEDDED_OPT_IN}=1 "
        click.echo(f"\nsee it again: {again}tailor jobs show {job_id}")
