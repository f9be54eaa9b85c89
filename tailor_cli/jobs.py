from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from tailor_cli.batches import register, wait_for_batch
from tailor_cli.export import export
from tailor_cli.output import emit_fields, emit_json, json_option
from tailor_cli.report import print_report
from tailor_core.domain import JobStatus
from tailor_core.errors import EXIT_ERROR, EXIT_TIMEOUT, NotFound
from tailor_core.jobs.listings import list_jobs
from tailor_core.records import JOB_DETAIL_COLUMNS, JobRecord
from tailor_core.validation import MAX_ID

# tailor_core.jobs.crud, the producer and the waiting loop load the ORM models: they are imported by
# the commands that use them, so `tailor jobs list` starts on Core alone (bench/cli_startup.py).

JOB_FIELDS = [
    "id",
    "status",
    "title",
    "company_name",
    "user_id",
    "resume_id",
    "attempts",
    "error",
    "created_at",
    "started_at",
    "finished_at",
]


@click.group()
def jobs() -> None:
    """Submit tailoring jobs, follow and export them."""


jobs.add_command(export)


register(jobs)


@jobs.command("submit")
@click.option("--user-id", type=click.IntRange(min=1), required=True)
@click.option(
    "--resume-id",
    type=click.IntRange(min=1),
    required=True,
    help="A resume that belongs to --user-id.",
)
@click.option("--title", required=True, help="The job title of the posting.")
@click.option("--company", required=True, help="The hiring company.")
@click.option(
    "--description-file",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The posting's text, UTF-8 ('-' reads standard input).",
)
@click.option(
    "--idempotency-key",
    help="Any unique string of yours: submitting again with the same key returns the first "
    "job instead of creating a second (safe retries).",
)
@click.option(
    "--priority",
    type=click.Choice(["interactive", "batch"]),
    default="interactive",
    show_default=True,
    help="interactive: someone is waiting, runs ahead of queued batch jobs.",
)
@json_option
def submit(
    user_id: int,
    resume_id: int,
    title: str,
    company: str,
    description_file: Path,
    as_json: bool,
    idempotency_key: str | None = None,
    priority: str = "interactive",
) -> None:
    """Store a PENDING job and hand it to the workers; prints the job id at once.

    Follow it with `tailor jobs wait ID`.
    """
    # Imported here: the Celery app costs a third of a second that `jobs list` need not pay.
    from tailor_core.parsing.uploads import read_text_file  # the PDF and Word readers: only here
    from tailor_worker.publisher import publish_job

    if str(description_file) == "-":
        description = sys.stdin.read()
    else:
        description = read_text_file(description_file)
    # The warning below tells the person; the producer's own log line would say it twice.
    logging.getLogger("tailor_core.jobs.producer").setLevel(logging.ERROR)
    from tailor_cli.unit_of_work import command_unit_of_work
    from tailor_core.jobs.producer import submit

    submitted = submit(
        user_id=user_id,
        resume_id=resume_id,
        title=title,
        company_name=company,
        job_description=description,
        publish=publish_job,
        idempotency_key=idempotency_key,
        priority=priority,
        uow=command_unit_of_work(),
    )
    if as_json:
        emit_json(submitted.as_dict())
        return
    job = submitted.job
    if not submitted.created:
        click.echo(f"job {job.id} already submitted with this key ({job.status})")
        return
    click.echo(f"job {job.id} submitted ({job.status})")
    if not submitted.published:
        click.echo(
            "warning: the broker did not answer; the job is stored and is sent when the broker "
            "is back (check REDIS_URL)",
            err=True,
        )


@jobs.command("cancel")
@click.argument("job_id", type=click.IntRange(1, MAX_ID))
@json_option
def cancel(job_id: int, as_json: bool) -> None:
    """Cancel a job that has not finished. A worker already running it stops and its result is
    discarded; a finished job is left as it is (exit 1)."""
    from tailor_cli.unit_of_work import command_unit_of_work
    from tailor_core.jobs.batches import end_batch_if_done
    from tailor_core.jobs.crud import cancel
    from tailor_worker.batch_webhook_delivery import enqueue_batch_webhook  # loads the Celery app
    from tailor_worker.webhook_delivery import enqueue_webhook

    uow = command_unit_of_work()
    job = cancel(job_id, uow=uow)  # one transaction
    if job.callback_url is not None:
        # Just ended by this cancel, so not delivered yet: no query needed to know it.
        enqueue_webhook(job_id)
    if job.batch_id is not None:
        # It may have been its batch's last unfinished job; checked once the cancel committed.
        end_batch_if_done(job.batch_id, enqueue_batch_webhook, uow=uow)
    if as_json:
        emit_json(job.as_dict())
    else:
        click.echo(f"job {job_id} {job.status}")


@jobs.command("show")
@click.argument("job_id", type=click.IntRange(1, MAX_ID))
@json_option
def show(job_id: int, as_json: bool) -> None:
    """Show a job: its status, its report and the tailored resume when it is done."""
    from tailor_cli.unit_of_work import command_unit_of_work
    from tailor_core.jobs.crud import get_job

    job = get_job(job_id, uow=command_unit_of_work())
    if job is None:
        raise NotFound("job", job_id)
    if as_json:
        emit_json(job.as_dict())
        return
    _print_job(job)


def _print_job(job: JobRecord) -> None:
    emit_fields(job, JOB_FIELDS)
    if job.report:
        click.echo()
        print_report(job.report)
    if job.tailored_resume_text:
        click.echo("\n--- tailored resume ---")
        click.echo(job.tailored_resume_text)


@jobs.command("list")
@click.option(
    "--status",
    type=click.Choice([s.value for s in JobStatus], case_sensitive=False),
    help="Only jobs in this status.",
)
@click.option("--user-id", type=click.IntRange(min=1), help="Only this user's jobs.")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True)
@json_option
def list_(status: str | None, user_id: int | None, limit: int, offset: int, as_json: bool) -> None:
    """List jobs, oldest first."""
    wanted = None if status is None else JobStatus(status.upper())
    found = list_jobs(limit, offset, user_id=user_id, status=wanted)
    if as_json:
        # Without the long texts, as in the API's pages.
        emit_json(
            [
                {k: v for k, v in job.as_dict().items() if k not in JOB_DETAIL_COLUMNS}
                for job in found
            ]
        )
        return
    if not found:
        click.echo("no jobs")
    for job in found:
        click.echo(f"{job.id:>8}  {job.status:<10}  {job.title} @ {job.company_name}")


@jobs.command("wait")
@click.argument("job_id", type=click.IntRange(1, MAX_ID))
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=120.0,
    show_default=True,
    help="Seconds to wait before giving up.",
)
@click.option(
    "--batch", "is_batch", is_flag=True, help="JOB_ID is a batch id: wait for all its jobs."
)
@json_option
def wait(job_id: int, timeout: float, as_json: bool, is_batch: bool = False) -> None:
    """Wait until a job (or with --batch, every job of a batch) finishes and show it.

    Exit status: 0 COMPLETED (all of them), 1 FAILED or CANCELLED (any), 4 still running when
    the timeout ran out.
    """
    from tailor_cli.unit_of_work import command_unit_of_work
    from tailor_cli.waiting import wait_for_job
    from tailor_core.jobs.crud import get_job

    if is_batch:
        wait_for_batch(job_id, timeout, as_json)
        return
    uow = command_unit_of_work()
    job = wait_for_job(job_id, timeout, quiet=as_json, uow=uow)
    if job is None:
        current = get_job(job_id, uow=uow)
        message = (
            f"job {job_id} is still {None if current is None else current.status} after "
            f"{timeout:g} s; is a worker running? (`celery -A tailor_worker worker`)"
        )
        if as_json:
            shown = {} if current is None else current.as_dict()
            emit_json({**shown, "timed_out": True, "error": message})
        else:
            click.echo(f"error: {message}", err=True)
        sys.exit(EXIT_TIMEOUT)
    if as_json:
        emit_json(job.as_dict())
    else:
        _print_job(job)
    if job.status != JobStatus.COMPLETED:
        sys.exit(EXIT_ERROR)
