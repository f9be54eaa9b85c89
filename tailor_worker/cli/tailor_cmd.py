from __future__ import annotations

from pathlib import Path

import click

from tailor_core.domain import JobPosting
from tailor_core.engines import load_engine
from tailor_core.settings import get_settings
from tailor_core.uploads import read_resume_file, read_text_file
from tailor_worker.cli.output import emit_json, json_option
from tailor_worker.cli.report import print_report


@click.command("tailor")
@click.option(
    "--resume",
    "resume_file",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The resume: PDF, Word .docx, Markdown or plain text.",
)
@click.option(
    "--job",
    "job_file",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The job posting's text.",
)
@click.option("--title", default="", help="The posting's job title (improves matching).")
@click.option("--company", default="", help="The hiring company.")
@json_option
def tailor_command(
    resume_file: Path, job_file: Path, title: str, company: str, as_json: bool
) -> None:
    """Tailor one resume to one posting right here, without the queue or a database.

    Prints the tailored resume and the match report; with --json, one object with
    `tailored_resume` and `report`.
    """
    resume_text, _ = read_resume_file(resume_file)
    posting = JobPosting(title=title, company_name=company, description=read_text_file(job_file))
    engine = load_engine(get_settings().engine)
    result = engine(resume_text, posting)
    if as_json:
        emit_json({"tailored_resume": result.tailored_text, "report": result.report})
        return
    click.echo(result.tailored_text.rstrip("\n"))
    click.echo("\n--- report ---")
    print_report(result.report)
