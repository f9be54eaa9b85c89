from __future__ import annotations

import click

from tailor_cli.output import emit_json, json_option
from tailor_cli.unit_of_work import command_unit_of_work
from tailor_core.domain import JobStatus
from tailor_core.jobs.stats import job_stats


@click.command("stats")
@json_option
def stats(as_json: bool) -> None:
    """Jobs by status, the oldest PENDING job's age, and throughput over the last minutes."""
    found = job_stats(uow=command_unit_of_work())
    if as_json:
        emit_json(found.as_dict())
        return
    for status in JobStatus:
        click.echo(f"{status.value:<11} {found.by_status.get(status.value, 0):>8}")
    for reason, count in sorted(found.failed_by_reason.items()):
        click.echo(f"  failed ({reason}): {count}")
    oldest = found.oldest_pending_seconds
    click.echo("oldest PENDING: " + ("none" if oldest is None else f"{oldest:.0f} s"))
    for minutes, finished in found.finished_last.items():
        completed = finished.get(JobStatus.COMPLETED.value, 0)
        failed = finished.get(JobStatus.FAILED.value, 0)
        click.echo(
            f"last {minutes:>2} min: {completed} completed, {failed} failed "
            f"({found.throughput_per_minute(minutes):.1f}/min)"
        )
