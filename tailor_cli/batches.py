"""`tailor jobs submit-batch`, `batch`, `cancel-batch` and `wait --batch`: many postings, one
resume, followed as a whole."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tailor_cli.output import emit_json
from tailor_core.domain import MAX_BATCH_POSTINGS
from tailor_core.errors import EXIT_ERROR, EXIT_TIMEOUT, InvalidInput

if TYPE_CHECKING:
    from tailor_core.jobs.batches import Posting

# tailor_core.jobs.batches (the ORM models) and the Celery app are imported by the commands that use
# them: `tailor jobs list` registers these commands without loading either (bench/cli_startup.py).
BAR_WIDTH = 30


def read_postings(path: Path) -> list[Posting]:
    """JSON lines, each {"title", "company_name", "job_description"}; blank lines skipped."""
    from tailor_core.jobs.batches import Posting

    text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    postings = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            postings.append(
                Posting(
                    str(item["title"]),
                    str(item.get("company_name", item.get("company", ""))),
                    str(item.get("job_description", item.get("description", ""))),
                )
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            raise InvalidInput(
                f"{path} line {number}: expected a JSON object with title, company_name and "
                "job_description"
            ) from None
    return postings


def summary(batch: dict[str, Any]) -> str:
    counts = batch["counts"]
    done = int(batch["done"])
    total = int(batch["total"])
    filled = BAR_WIDTH * done // total if total else BAR_WIDTH
    eta = batch["eta_seconds"]
    left = "" if eta is None or batch["finished"] else f"  ETA {eta:.0f} s"
    return (
        f"batch {batch['id']} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] "
        f"{done}/{total} {batch['percent']:.1f}%  completed {counts['COMPLETED']} "
        f"failed {counts['FAILED']} cancelled {counts['CANCELLED']} "
        f"running {counts['PROCESSING']} queued {counts['PENDING']}{left}"
    )


def register(jobs: click.Group) -> None:
    @jobs.command("submit-batch")
    @click.option("--user-id", type=click.IntRange(min=1), required=True)
    @click.option("--resume-id", type=click.IntRange(min=1), required=True)
    @click.option(
        "--postings-file",
        type=click.Path(path_type=Path, dir_okay=False),
        required=True,
        help=f"JSON lines, at most {MAX_BATCH_POSTINGS}: title, company_name, job_description "
        "('-' reads standard input).",
    )
    @click.option(
        "--priority",
        type=click.Choice(["batch", "interactive"]),
        default="batch",
        show_default=True,
        help="batch: runs after queued interactive jobs (a tenth of the slots stays its own).",
    )
    @click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
    def submit_batch_command(
        user_id: int, resume_id: int, postings_file: Path, priority: str, as_json: bool
    ) -> None:
        """Submit many postings for one resume in one call; prints the batch id."""
        from tailor_cli.unit_of_work import command_unit_of_work
        from tailor_core.jobs.batches import submit_batch
        from tailor_worker.publisher import publish_jobs

        batch = submit_batch(
            user_id=user_id,
            resume_id=resume_id,
            postings=read_postings(postings_file),
            publish_many=publish_jobs,
            priority=priority,
            uow=command_unit_of_work(),
        )
        if as_json:
            emit_json(batch)
            return
        click.echo(f"batch {batch['id']} submitted: {batch['total']} jobs")

    @jobs.command("batch")
    @click.argument("batch_id", type=click.IntRange(min=1))
    @click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
    def show_batch(batch_id: int, as_json: bool) -> None:
        """Show a batch's progress: counts by status, percentage and ETA."""
        from tailor_cli.unit_of_work import command_unit_of_work
        from tailor_core.jobs.batches import batch_progress
        from tailor_worker.batch_webhook_delivery import enqueue_batch_webhook

        batch = batch_progress(None, batch_id, enqueue_batch_webhook, uow=command_unit_of_work())
        if as_json:
            emit_json(batch)
        else:
            click.echo(summary(batch))

    @jobs.command("cancel-batch")
    @click.argument("batch_id", type=click.IntRange(min=1))
    @click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
    def cancel_batch_command(batch_id: int, as_json: bool) -> None:
        """Cancel every job of a batch that has not ended; finished ones keep their result."""
        from tailor_cli.unit_of_work import command_unit_of_work
        from tailor_core.jobs.batches import cancel_batch
        from tailor_worker.batch_webhook_delivery import enqueue_batch_webhook

        batch = cancel_batch(None, batch_id, enqueue_batch_webhook, uow=command_unit_of_work())
        if as_json:
            emit_json(batch)
        else:
            click.echo(summary(batch))


def wait_for_batch(batch_id: int, timeout: float, as_json: bool) -> None:
    """Poll a batch until all its jobs have ended, drawing a progress bar on standard error."""
    from tailor_core.jobs.batches import batch_progress
    from tailor_worker.batch_webhook_delivery import enqueue_batch_webhook

    deadline = time.monotonic() + timeout
    delay = 0.1
    redraw = sys.stderr.isatty()
    while True:
        batch = batch_progress(None, batch_id, enqueue_batch_webhook)
        if not as_json:
            click.echo(("\r" if redraw else "") + summary(batch), err=True, nl=not redraw)
        if batch["finished"] or time.monotonic() >= deadline:
            break
        time.sleep(delay)
        delay = min(1.0, delay * 1.5)
    if redraw and not as_json:
        click.echo("", err=True)
    if as_json:
        emit_json({**batch, "timed_out": not batch["finished"]})
    if not batch["finished"]:
        click.echo(
            f"batch {batch_id} has {batch['total'] - batch['done']} jobs left after {timeout:g} s",
            err=True,
        )
        sys.exit(EXIT_TIMEOUT)
    if batch["counts"]["COMPLETED"] != batch["total"]:
        sys.exit(EXIT_ERROR)
