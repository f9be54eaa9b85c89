"""`tailor jobs export ID --format md|docx|pdf [--output FILE]`."""

from __future__ import annotations

from pathlib import Path

import click

from tailor_cli.output import emit_json, json_option
from tailor_core.domain import JobStatus
from tailor_core.errors import InvalidInput, NotFound
from tailor_core.validation import MAX_ID

# tailor_core.jobs.exporting.EXPORTERS' keys; that module (fpdf, fontTools, python-docx) is imported
# only when a job is exported.
FORMATS = ("docx", "md", "pdf")


@click.command("export")
@click.argument("job_id", type=click.IntRange(1, MAX_ID))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS, case_sensitive=False),
    default="md",
    show_default=True,
    help="Markdown text, a Word document or a PDF.",
)
@click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write; default: standard output for md, tailored-resume-ID.FORMAT otherwise.",
)
@json_option
def export(job_id: int, fmt: str, output: Path | None, as_json: bool) -> None:
    """Export a COMPLETED job's tailored resume as md, docx or pdf.

    With --json: md is printed as {"job_id", "format", "text"}; a file written is reported as
    {"job_id", "format", "path", "bytes"}.
    """
    from tailor_cli.unit_of_work import command_unit_of_work
    from tailor_core.jobs.crud import get_job  # the ORM: not for `tailor jobs list`
    from tailor_core.jobs.exporting import EXPORTERS

    job = get_job(job_id, uow=command_unit_of_work())
    if job is None:
        raise NotFound("job", job_id)
    if job.status != JobStatus.COMPLETED or not job.tailored_resume_text:
        raise InvalidInput(f"job {job_id} is {job.status}, not COMPLETED: nothing to export")
    data = EXPORTERS[fmt.lower()](job.tailored_resume_text)
    if output is None and fmt.lower() == "md":
        text = data.decode("utf-8").rstrip("\n")
        if as_json:
            emit_json({"job_id": job_id, "format": "md", "text": text})
        else:
            click.echo(text)
        return
    target = output or Path(f"tailored-resume-{job_id}.{fmt.lower()}")
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise InvalidInput(f"cannot write {target}: {exc.strerror}") from None
    if as_json:
        emit_json(
            {"job_id": job_id, "format": fmt.lower(), "path": str(target), "bytes": len(data)}
        )
    else:
        click.echo(f"wrote {target} ({len(data):,} bytes)")
